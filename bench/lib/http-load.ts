import { Worker } from 'node:worker_threads';

/**
 * Sends POST requests from a worker thread (see http-load.worker.mjs) and resolves with the
 * elapsed seconds; rejects with the first failed request.
 *
 * @example const seconds = await postFromWorker(jobs, { cookie }, 8);
 */
export function postFromWorker(jobs: { url: string; body: unknown }[], headers: Record<string, string>, concurrency: number): Promise<number> {
  const worker = new Worker(new URL('./http-load.worker.mjs', import.meta.url), { workerData: { jobs, headers, concurrency } });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { seconds?: number; error?: string }) => {
      void worker.terminate();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.seconds!);
    });
    worker.once('error', reject);
  });
}
