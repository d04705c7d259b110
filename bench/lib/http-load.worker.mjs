// An HTTP client in its own thread, so a benchmark's requests are not sent from the event loop of
// the server it measures. Posts each { url, body } job over `concurrency` kept-alive connections,
// one request in flight per connection, and reports the elapsed seconds (or the first failure).
// Plain JavaScript: workers load it as is.
//
// A minimal HTTP/1.1 client on node:net, as load generators such as autocannon are: on a two-core
// machine the client shares the CPU with the server it measures, and fetch (undici's WHATWG layer)
// or even node:http spend as much CPU per request as the server does. It handles what the
// benchmarked routes answer: a status line, headers with content-length, a body.
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

const { jobs, headers, concurrency } = workerData;
const queue = [...jobs];
const CRLF2 = Buffer.from('\r\n\r\n');

function requestBytes(job) {
  const url = new URL(job.url);
  const body = Buffer.from(JSON.stringify(job.body));
  const lines = [`POST ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, 'connection: keep-alive', 'content-type: application/json', `content-length: ${body.length}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return { url, bytes: Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n'), body]) };
}

/** One connection: sends jobs one after the other until the queue is empty. */
function connection(first) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: first.url.hostname, port: Number(first.url.port), noDelay: true });
    let buffer = Buffer.alloc(0);
    let current = null;
    const next = () => {
      const job = queue.shift();
      if (job === undefined) {
        socket.end();
        return resolve();
      }
      current = requestBytes(job);
      socket.write(current.bytes);
    };
    socket.on('connect', () => {
      current = first;
      socket.write(first.bytes);
    });
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      const end = buffer.indexOf(CRLF2);
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? NaN);
      if (!Number.isFinite(length)) return reject(new Error(`${current.url.href}: a response without content-length: ${head}`));
      if (buffer.length < end + 4 + length) return;
      const status = Number(head.slice(9, 12));
      if (status < 200 || status >= 300) return reject(new Error(`${current.url.href}: ${status} ${buffer.subarray(end + 4, end + 4 + length).toString()}`));
      buffer = buffer.subarray(end + 4 + length);
      next();
    });
  });
}

const start = process.hrtime.bigint();
try {
  const firsts = [];
  for (let i = 0; i < concurrency && queue.length; i++) firsts.push(requestBytes(queue.shift()));
  await Promise.all(firsts.map(connection));
  parentPort.postMessage({ seconds: Number(process.hrtime.bigint() - start) / 1e9 });
} catch (err) {
  parentPort.postMessage({ error: err.message });
}
