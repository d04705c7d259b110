import type { ChannelClient, TimeWindow } from '../channels/channel-client.ts';
import { isChannelError } from '../channels/channel-error.ts';
import type { ChannelOrder } from '../channels/channel-order.ts';
import type { ChannelSettings } from './channel-settings.ts';
import { addCounts, zeroCounts, type FailedWindow, type IntakeRun, type IntakeStateStore } from './intake-state.ts';
import type { OrderSink } from './order-sink.ts';

export interface PullOptions {
  settings: ChannelSettings;
  client: ChannelClient;
  state: IntakeStateStore;
  sink: OrderSink;
  now: () => Date;
  /**
   * Orders handed to the sink at once (one transaction each; default 1,000): a batch's facts read
   * each district and SKU once, so larger batches read less; one takes about half a second.
   */
  batchSize?: number;
  /** New windows per run at most (a long catch-up goes on in the next run; default 96). */
  maxWindows?: number;
}

/** Splits [start, end] into windows no longer than `maxMs`. */
export function splitWindows(start: number, end: number, maxMs: number): TimeWindow[] {
  const out: TimeWindow[] = [];
  for (let s = start; s < end; s += maxMs) out.push({ start: new Date(s), end: new Date(Math.min(s + maxMs, end)) });
  return out;
}

const iso = (w: TimeWindow) => ({ start: w.start.toISOString(), end: w.end.toISOString() });

/**
 * One run of a channel connector:
 * 1. the failed windows that are due are pulled again (retry policy: after 5 min, 3 times, then
 *    dead until a person retries);
 * 2. then the new span: from the cursor minus the overlap to the platform clock minus the lag,
 *    in windows within the platform's span limit. Each window's orders go to the sink in
 *    batches; the cursor moves past a window once its orders are written, so a crash resumes
 *    where it stopped and re-reads at most one window (dedup makes that harmless).
 *
 * A window that fails for a transient reason becomes a failed window and the run goes on; a
 * permanent refusal (bad signature, expired token) stops the run without moving the cursor, so
 * nothing is skipped while a person fixes the credentials.
 *
 * @example const run = await pullConnector({ settings, client, state, sink, now: () => new Date() });
 */
export async function pullConnector(options: PullOptions): Promise<IntakeRun> {
  const { settings, client, state, sink } = options;
  const batchSize = options.batchSize ?? 1000;
  const started = options.now();
  const run: IntakeRun = {
    connectorId: settings.connectorId,
    startedAt: started.toISOString(),
    finishedAt: null,
    windowStart: null,
    windowEnd: null,
    counts: zeroCounts(),
    calls: 0,
    errors: [],
    status: 'ok',
  };
  const cover = (w: TimeWindow) => {
    if (!run.windowStart || w.start.toISOString() < run.windowStart) run.windowStart = w.start.toISOString();
    if (!run.windowEnd || w.end.toISOString() > run.windowEnd) run.windowEnd = w.end.toISOString();
  };

  const describe = (err: unknown) => ({ code: isChannelError(err) ? err.code : 'INTAKE_PULL_FAILED', message: (err as Error).message ?? String(err) });
  const fail = async (window: TimeWindow, err: unknown, existing?: FailedWindow) => {
    const d = describe(err);
    run.errors.push({ window: iso(window), ...d });
    await state.recordFailure(settings.connectorId, window, `${d.code}: ${d.message}`, options.now(), settings.retry, existing);
  };

  // Orders wait here until `batchSize` of them go to the sink in one write (one transaction),
  // across the windows of a run: small windows do not mean small transactions. A window whose
  // pull is over waits in `pulled` until its orders are written; only then does the cursor move
  // past it, so a crash re-reads it (dedup makes that harmless) and never skips it.
  let buffer: { order: ChannelOrder; window: TimeWindow }[] = [];
  let pulled: TimeWindow[] = [];
  const cursor = await state.getCursor(settings.connectorId);
  let watermark = cursor;
  const advance = async (windows: TimeWindow[]) => {
    for (const w of windows) {
      // The cursor never goes back (an overlap re-reads, it does not rewind).
      if (watermark === null || w.end.toISOString() > watermark) watermark = w.end.toISOString();
    }
    if (watermark !== cursor && watermark !== null) await state.setCursor(settings.connectorId, watermark);
  };
  /**
   * Writes a batch; the windows that were waiting for it (`done`) are done, or, when the store
   * refuses it, failed together with the windows still being read whose orders it held (`open`).
   */
  const write = async (batch: typeof buffer, done: TimeWindow[], open: TimeWindow[]) => {
    if (batch.length > 0) {
      let outcome;
      try {
        outcome = await sink.write(batch.map((b) => b.order));
      } catch (err) {
        // The store refused the whole batch: the windows it came from are pulled again per the retry policy.
        for (const w of [...done, ...open]) await fail(w, err);
        await advance(done);
        throw err;
      }
      addCounts(run.counts, { fetched: 0, ...outcome.counts });
      const windowOf = new Map(batch.map((b) => [b.order.sourceOrderId, b.window]));
      for (const e of outcome.errors) {
        const w = windowOf.get(e.sourceOrderId);
        run.errors.push({ ...(w ? { window: iso(w) } : {}), ...e });
      }
    }
    await advance(done);
  };
  const take = () => {
    const taken = { batch: buffer, done: pulled };
    buffer = [];
    pulled = [];
    return taken;
  };
  // While the new span is read, a full batch is written in the background and the next pages
  // are read meanwhile (the platform answers while the store writes). One write at a time, in
  // order, so the cursor still moves window by window; a refused one records its own windows.
  let writing: Promise<void> = Promise.resolve();
  let background = false;
  /** Writes what is buffered, after the write under way; the windows that were waiting for it are done (or failed with it). */
  const flush = async () => {
    await writing;
    const { batch, done } = take();
    await write(batch, done, []);
  };

  /** Pulls one window into the buffer (writing it when full); returns the error that stopped it, if any. */
  const pullWindow = async (window: TimeWindow): Promise<unknown> => {
    cover(window);
    try {
      const result = await client.pullWindow(window, async (orders) => {
        for (const order of orders) buffer.push({ order, window });
        if (buffer.length < batchSize) return;
        if (!background) return flush();
        await writing;
        const { batch, done } = take();
        const open = [...new Set(batch.map((b) => b.window))].filter((w) => !done.includes(w));
        writing = write(batch, done, open).catch(() => undefined);
      });
      run.calls += result.calls;
      run.counts.fetched += result.fetched;
      return null;
    } catch (err) {
      return err;
    }
  };

  // 1. Failed windows whose retry is due: each is written before it is marked done.
  for (const failed of await state.dueFailures(settings.connectorId, started)) {
    const window = { start: new Date(failed.start), end: new Date(failed.end) };
    let err = await pullWindow(window);
    if (err === null) err = await flush().then(() => null, (e: unknown) => e);
    if (err === null) await state.resolveFailure(failed.id, options.now());
    else {
      // What was read before the failure is kept: writing it is idempotent.
      await flush().catch(() => undefined);
      await fail(window, err, failed);
    }
  }

  // 2. The new span.
  const until = started.getTime() - settings.window.lagMs;
  const from = cursor === null ? started.getTime() - settings.window.initialLookbackMs : Date.parse(cursor) - settings.window.overlapMs;
  const windows = splitWindows(from, until, settings.window.maxMs).slice(0, options.maxWindows ?? 96);
  background = true;
  for (const window of windows) {
    const err = await pullWindow(window);
    if (err !== null && isChannelError(err) && !err.retryable) {
      run.errors.push({ window: iso(window), ...describe(err) });
      run.status = 'failed';
      break;
    }
    if (err !== null) {
      // What was read before the failure is kept (writing it is idempotent); the window is retried.
      await flush().catch(() => undefined);
      await fail(window, err);
    }
    pulled.push(window);
  }
  // The rest, with what a window that failed for good brought (the cursor stays before that one).
  // A refused write has recorded its windows as failed: they are pulled again per the retry policy.
  await flush().catch(() => undefined);

  if (run.status !== 'failed' && run.errors.length > 0) run.status = 'partial';
  run.finishedAt = options.now().toISOString();
  return state.appendRun(run);
}
