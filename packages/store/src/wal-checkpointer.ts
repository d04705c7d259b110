import { Worker } from 'node:worker_threads';

/** What the checkpointer has done so far (for tests and operations). */
export interface CheckpointerStats {
  /** Checkpoints that found new frames in the WAL. */
  checkpoints: number;
  /** The WAL's size in frames and how many of them were in the database file, at the last one. */
  lastLog: number;
  lastCheckpointed: number;
  /** The last error the checkpointer's connection reported, if any. */
  lastError: string | null;
}

/** A running background checkpointer. */
export interface WalCheckpointer {
  readonly stats: CheckpointerStats;
  /** Ends its thread and closes its connection (before the store's own, so that one checkpoints last). */
  stop(): Promise<void>;
}

/** How often the checkpointer looks while the database is written; idle, it backs off to the maximum. */
const MIN_INTERVAL_MS = 50;
const MAX_INTERVAL_MS = 1000;

/**
 * Starts a thread that copies the WAL's committed pages into the SQLite database file, on its own
 * connection (a PASSIVE checkpoint: it never waits for the writer or blocks it).
 *
 * Why: the connection that commits runs SQLite's automatic checkpoint itself, inside COMMIT. With
 * batches of new orders that was three quarters of the time COMMIT took (every fourth or fifth
 * batch's COMMIT took 30–40 ms instead of 3–5), all of it on the thread that serves requests. The
 * store's connection keeps its automatic checkpoint (see connection.ts) as the backstop and to
 * restart the WAL: when it comes, the pages are mostly in the file already and it has little left
 * to copy.
 *
 * If the thread cannot open the database or fails, nothing is lost: the store's own automatic
 * checkpoint does the whole work again, as before.
 */
export function startWalCheckpointer(filename: string): WalCheckpointer {
  const stats: CheckpointerStats = { checkpoints: 0, lastLog: 0, lastCheckpointed: 0, lastError: null };
  const worker = new Worker(new URL('./wal-checkpointer.thread.mjs', import.meta.url), {
    workerData: { filename, minIntervalMs: MIN_INTERVAL_MS, maxIntervalMs: MAX_INTERVAL_MS },
  });
  worker.on('message', (m: { type: 'checkpoint'; log: number; checkpointed: number } | { type: 'error'; message: string }) => {
    if (m.type === 'error') {
      stats.lastError = m.message;
      return;
    }
    stats.checkpoints++;
    stats.lastLog = m.log;
    stats.lastCheckpointed = m.checkpointed;
  });
  worker.on('error', (err: unknown) => (stats.lastError = err instanceof Error ? err.message : String(err)));
  // Last (a listener refs the thread again): it never keeps the process alive, so a store left
  // open does not hang a CLI or a test.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stats,
    async stop() {
      // Kept alive until the thread has closed its connection (close() is awaited).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
