// The WAL checkpointer's thread (see wal-checkpointer.ts). Plain JavaScript, so that the thread
// starts the same whatever loader (tsx, vitest) the process runs the TypeScript under.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { filename, minIntervalMs, maxIntervalMs } = workerData;
const message = (err) => (err instanceof Error ? err.message : String(err));
let db;
try {
  db = new Database(filename, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  // A checkpoint syncs as the connection running it says: the same as the store's connection.
  db.pragma('synchronous = NORMAL');
} catch (err) {
  parentPort.postMessage({ type: 'error', message: `cannot open ${filename}: ${message(err)}` });
  db?.close();
  process.exit(0);
}
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

let interval = minIntervalMs;
let last = { log: 0, checkpointed: 0 };
let timer;
function tick() {
  try {
    // PASSIVE: copy what no reader still needs, never wait for (or block) the writer.
    const [{ log, checkpointed }] = checkpoint.all();
    // Writes since the last look: look again soon. None: back off, up to the maximum.
    const changed = log !== last.log || checkpointed !== last.checkpointed;
    interval = changed ? minIntervalMs : Math.min(interval * 2, maxIntervalMs);
    if (changed) parentPort.postMessage({ type: 'checkpoint', log, checkpointed });
    last = { log, checkpointed };
  } catch (err) {
    interval = maxIntervalMs;
    parentPort.postMessage({ type: 'error', message: message(err) });
  }
  timer = setTimeout(tick, interval);
}
timer = setTimeout(tick, interval);

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
