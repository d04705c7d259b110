// An HTTP client in its own thread, so a benchmark's requests are not sent from the event loop of
// the server it measures. Posts each { url, body } job over `concurrency` kept-alive connections,
// one request in flight per connection, and reports the elapsed seconds (or the first failure).
// Plain JavaScript: workers load it as is.
//
// A minimal HTTP/1.1 client on node:net, as load generators such as autocannon are: on a two-core
// machine the client shares the CPU with the server it measures, and fetch (undici's WHATWG layer)
// or even node:http spend as much CPU per request as the server does. It reads a status line,
// headers, and a body framed by content-length or chunked transfer coding; anything else (another
// status than 2xx, a malformed or unframed response, the server closing the connection, bytes
// nobody asked for) fails the run: a bench client that miscounts is worse than a slow one.
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { parseResponse } from './http-response.mjs';

const { jobs, headers, concurrency } = workerData;
const queue = [...jobs];

function requestBytes(job) {
  const url = new URL(job.url);
  const body = Buffer.from(JSON.stringify(job.body));
  const lines = [`POST ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, 'connection: keep-alive', 'content-type: application/json', `content-length: ${body.length}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return { url, bytes: Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n'), body]) };
}

/** One connection: sends jobs one after the other until the queue is empty; counts the 2xx answers. */
function connection(first) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: first.url.hostname, port: Number(first.url.port), noDelay: true });
    let buffer = Buffer.alloc(0);
    let current = null;
    let answered = 0;
    const fail = (err) => {
      current = null;
      socket.destroy();
      reject(err);
    };
    const next = () => {
      const job = queue.shift();
      if (job === undefined) {
        current = null;
        socket.end();
        return resolve(answered);
      }
      current = requestBytes(job);
      socket.write(current.bytes);
    };
    socket.on('connect', () => {
      current = first;
      socket.write(first.bytes);
    });
    socket.on('error', (err) => fail(new Error(`${current?.url.href ?? first.url.href}: ${err.message}`)));
    socket.on('close', () => {
      if (current) fail(new Error(`${current.url.href}: the server closed the connection before answering`));
    });
    socket.on('data', (chunk) => {
      if (!current) return fail(new Error(`${chunk.length} bytes nobody asked for: ${chunk.subarray(0, 80).toString('latin1')}`));
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      let response;
      try {
        response = parseResponse(buffer);
      } catch (err) {
        return fail(new Error(`${current.url.href}: ${err.message}`));
      }
      if (!response) return;
      if (response.status < 200 || response.status >= 300) return fail(new Error(`${current.url.href}: ${response.status} ${response.body.toString()}`));
      // One request in flight per connection: anything after its response is not ours.
      if (response.rest.length) return fail(new Error(`${current.url.href}: ${response.rest.length} bytes after the response`));
      if (response.close && queue.length) return fail(new Error(`${current.url.href}: the server asked to close the connection (keep-alive expected)`));
      buffer = Buffer.alloc(0);
      answered++;
      next();
    });
  });
}

const start = process.hrtime.bigint();
try {
  const firsts = [];
  for (let i = 0; i < concurrency && queue.length; i++) firsts.push(requestBytes(queue.shift()));
  const answered = (await Promise.all(firsts.map(connection))).reduce((a, b) => a + b, 0);
  if (answered !== jobs.length) throw new Error(`${answered} answers for ${jobs.length} requests`);
  parentPort.postMessage({ seconds: Number(process.hrtime.bigint() - start) / 1e9 });
} catch (err) {
  parentPort.postMessage({ error: err.message });
}
