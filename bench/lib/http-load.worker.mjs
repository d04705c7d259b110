// An HTTP client in its own thread, so a benchmark's requests are not sent from the event loop of
// the server it measures. Posts each { url, body } job with `concurrency` requests in flight and
// reports the elapsed seconds (or the first failure). Plain JavaScript: workers load it as is.
import { parentPort, workerData } from 'node:worker_threads';

const { jobs, headers, concurrency } = workerData;
const queue = [...jobs];
const start = process.hrtime.bigint();
try {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        const res = await fetch(job.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(job.body) });
        if (!res.ok) throw new Error(`${job.url}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  parentPort.postMessage({ seconds: Number(process.hrtime.bigint() - start) / 1e9 });
} catch (err) {
  parentPort.postMessage({ error: err.message });
}
