import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutboxDispatcher, type OutboxHandler } from './outbox.dispatcher.ts';
import { StoreError } from './store-error.ts';
import { openTestStore, testStores, type TestStore } from './testing.ts';

const T0 = Date.parse('2024-11-11T00:00:00.000Z');

/** A clock the test moves by hand. */
function manualClock() {
  let now = T0;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms), at: () => now };
}

function permanent(message: string): Error {
  return Object.assign(new Error(message), { permanent: true });
}

describe.each(await testStores())('outbox on %s', (dialect) => {
  let t: TestStore;
  let seq = 0;
  const key = () => `k-${++seq}`;
  beforeAll(async () => (t = await openTestStore(dialect)));
  afterAll(() => t.dispose());
  beforeEach(async () => {
    // Each test starts from an empty outbox: the dispatcher claims whatever is due.
    await t.store.knex('sc_outbox').delete();
  });

  describe('enqueue', () => {
    it('stores a pending message, due at once or at availableAt', async () => {
      const now = new Date(T0).toISOString();
      const a = await t.store.outbox.enqueue(t.store, { kind: 'notify', payload: { text: '你好', n: [1, 2] }, idempotencyKey: 'a', now });
      const b = await t.store.outbox.enqueue(t.store, { kind: 'notify', payload: null, idempotencyKey: 'b', now, availableAt: '2024-11-11T08:10:00+08:00' });
      expect(a.duplicate).toBe(false);
      expect(await t.store.outbox.get(a.id)).toMatchObject({ kind: 'notify', payload: { text: '你好', n: [1, 2] }, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, deliveredAt: null, lastError: null });
      expect(await t.store.outbox.get(b.id)).toMatchObject({ payload: null, nextAttemptAt: '2024-11-11T00:10:00.000Z' });
    });

    it('treats a known idempotency key as a no-op', async () => {
      const first = await t.store.outbox.enqueue(t.store, { kind: 'notify', payload: 1, idempotencyKey: 'same' });
      const again = await t.store.transaction((tx) => tx.outbox.enqueue(tx, { kind: 'notify', payload: 2, idempotencyKey: 'same' }));
      expect(again).toEqual({ id: first.id, duplicate: true });
      expect((await t.store.outbox.list()).filter((m) => m.idempotencyKey === 'same').map((m) => m.payload)).toEqual([1]);
    });

    it('rejects a message without kind or key', async () => {
      await expect(t.store.outbox.enqueue(t.store, { kind: '', payload: 1, idempotencyKey: 'x' })).rejects.toThrow(/kind/);
      await expect(t.store.outbox.enqueue(t.store, { kind: 'notify', payload: 1, idempotencyKey: '' })).rejects.toThrow(/idempotencyKey/);
    });
  });

  describe('OutboxDispatcher', () => {
    it('delivers due messages once, passing payload, key and attempt, and leaves future ones', async () => {
      const c = manualClock();
      const now = c.clock().toISOString();
      await t.store.outbox.enqueue(t.store, { kind: 'notify', payload: { n: 1 }, idempotencyKey: 'due', now });
      await t.store.outbox.enqueue(t.store, { kind: 'notify', payload: { n: 2 }, idempotencyKey: 'later', now, availableAt: new Date(T0 + 60_000).toISOString() });
      await t.store.outbox.enqueue(t.store, { kind: 'unhandled', payload: {}, idempotencyKey: 'other', now });
      const calls: unknown[] = [];
      const dispatcher = new OutboxDispatcher({ store: t.store, handlers: { notify: async (payload, ctx) => void calls.push({ payload, ...ctx }) }, clock: c.clock });
      expect(await dispatcher.runOnce()).toEqual({ claimed: 1, delivered: 1, retried: 0, deferred: 0, dead: 0, lost: 0 });
      expect(calls).toEqual([{ payload: { n: 1 }, idempotencyKey: 'due', attempt: 1, id: expect.any(Number), createdAt: expect.any(String) }]);
      expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
      c.advance(60_000);
      expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      const done = await t.store.outbox.list({ status: 'done' });
      expect(done.map((m) => m.idempotencyKey).sort()).toEqual(['due', 'later']);
      expect(done.find((m) => m.idempotencyKey === 'later')?.deliveredAt).toBe(new Date(T0 + 60_000).toISOString());
      expect((await t.store.outbox.list({ status: 'pending' })).map((m) => m.kind)).toEqual(['unhandled']);
    });

    it('retries with exponential backoff and full jitter, then buries the message after maxAttempts', async () => {
      const c = manualClock();
      const randoms = [0.5, 0.25, 0.999, 0.5];
      const { id } = await t.store.outbox.enqueue(t.store, { kind: 'http', payload: {}, idempotencyKey: key(), now: c.clock().toISOString() });
      const attempts: number[] = [];
      const dispatcher = new OutboxDispatcher({
        store: t.store,
        handlers: {
          http: async (_p, { attempt }) => {
            attempts.push(attempt);
            throw new Error(`HTTP 503 on attempt ${attempt}`);
          },
        },
        clock: c.clock,
        random: () => randoms.shift()!,
        maxAttempts: 4,
        baseDelayMs: 1000,
        maxDelayMs: 60_000,
      });
      const delays: number[] = [];
      for (let i = 1; i <= 3; i++) {
        expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
        const m = (await t.store.outbox.get(id))!;
        expect(m).toMatchObject({ status: 'pending', attempts: i, lastError: `Error: HTTP 503 on attempt ${i}` });
        const delay = Date.parse(m.nextAttemptAt) - c.at();
        delays.push(delay);
        // Not due a millisecond early.
        c.advance(delay - 1);
        expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
        c.advance(1);
      }
      // ceilings 1000, 2000, 4000 times the random draws 0.5, 0.25, 0.999
      expect(delays).toEqual([500, 500, 3996]);
      expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
      expect(await t.store.outbox.get(id)).toMatchObject({ status: 'dead', attempts: 4, lastError: 'Error: HTTP 503 on attempt 4' });
      expect(attempts).toEqual([1, 2, 3, 4]);
      c.advance(10 * 3_600_000);
      expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    });

    it('keeps every delay within [0, ceiling) whatever the random source says', async () => {
      const c = manualClock();
      const { id } = await t.store.outbox.enqueue(t.store, { kind: 'http', payload: {}, idempotencyKey: key(), now: c.clock().toISOString() });
      const dispatcher = new OutboxDispatcher({ store: t.store, handlers: { http: () => Promise.reject(new Error('down')) }, clock: c.clock, random: () => 0.9999999, maxAttempts: 20, baseDelayMs: 100, maxDelayMs: 5000 });
      for (let attempt = 1; attempt <= 10; attempt++) {
        await dispatcher.runOnce();
        const delay = Date.parse((await t.store.outbox.get(id))!.nextAttemptAt) - c.at();
        const ceiling = Math.min(5000, 100 * 2 ** (attempt - 1));
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
        expect(delay).toBeGreaterThanOrEqual(ceiling - 1);
        c.advance(delay);
      }
    });

    it('moves a message straight to dead on a permanent error', async () => {
      const c = manualClock();
      const { id } = await t.store.outbox.enqueue(t.store, { kind: 'http', payload: {}, idempotencyKey: key(), now: c.clock().toISOString() });
      const dispatcher = new OutboxDispatcher({ store: t.store, handlers: { http: () => Promise.reject(permanent('HTTP 400: bad address')) }, clock: c.clock });
      expect(await dispatcher.runOnce()).toMatchObject({ dead: 1 });
      expect(await t.store.outbox.get(id)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'Error: HTTP 400: bad address' });
    });

    it('retry() sends a dead message round again with attempts reset', async () => {
      const c = manualClock();
      const { id } = await t.store.outbox.enqueue(t.store, { kind: 'http', payload: { n: 1 }, idempotencyKey: key(), now: c.clock().toISOString() });
      let fail = true;
      const handler: OutboxHandler = async () => {
        if (fail) throw permanent('nope');
      };
      const dispatcher = new OutboxDispatcher({ store: t.store, handlers: { http: handler }, clock: c.clock });
      await dispatcher.runOnce();
      expect((await t.store.outbox.list({ status: 'dead' })).map((m) => m.id)).toEqual([id]);
      await expect(t.store.outbox.retry(id + 1000)).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
      c.advance(1000);
      const retried = await t.store.outbox.retry(id, { now: c.clock().toISOString() });
      expect(retried).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: c.clock().toISOString() });
      const again = await t.store.outbox.retry(id).catch((e: StoreError) => e);
      expect(again).toMatchObject({ code: 'STORE_INVALID_ARGUMENT' });
      fail = false;
      expect(await dispatcher.runOnce()).toMatchObject({ delivered: 1 });
      expect(await t.store.outbox.get(id)).toMatchObject({ status: 'done', attempts: 1 });
    });

    it('re-claims in-flight messages whose lease expired (a dispatcher crashed mid-delivery)', async () => {
      const c = manualClock();
      const { id } = await t.store.outbox.enqueue(t.store, { kind: 'http', payload: {}, idempotencyKey: key(), now: c.clock().toISOString() });
      // The crashed dispatcher claimed it and never came back.
      const claimed = await t.store.outbox.claimDue({ now: c.clock().toISOString(), leaseMs: 60_000, limit: 10, kinds: ['http'] });
      expect(claimed.map((m) => m.id)).toEqual([id]);
      const seen: number[] = [];
      const dispatcher = new OutboxDispatcher({ store: t.store, handlers: { http: async (_p, { attempt }) => void seen.push(attempt) }, clock: c.clock, leaseMs: 60_000 });
      c.advance(59_999);
      expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
      c.advance(1);
      expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(seen).toEqual([2]);
      // The late outcome of the crashed claim is ignored.
      expect(await t.store.outbox.markDone(claimed[0]!, c.clock().toISOString())).toBe(false);
    });

    it('start() delivers in the background and stop() waits for the round in progress', async () => {
      const c = manualClock();
      await t.store.outbox.enqueue(t.store, { kind: 'notify', payload: 'x', idempotencyKey: key(), now: c.clock().toISOString() });
      let delivered!: () => void;
      const deliveredOnce = new Promise<void>((resolve) => (delivered = resolve));
      const dispatcher = new OutboxDispatcher({ store: t.store, handlers: { notify: async () => delivered() }, clock: c.clock });
      dispatcher.start(3_600_000);
      await deliveredOnce;
      await dispatcher.stop();
      expect((await t.store.outbox.list({ status: 'done' })).length).toBe(1);
    });

    it('reports loop errors to onError and keeps running', async () => {
      const errors: unknown[] = [];
      const broken = { outbox: { claimDue: () => Promise.reject(new Error('database down')) } } as never;
      let reported!: () => void;
      const seen = new Promise<void>((resolve) => (reported = resolve));
      const dispatcher = new OutboxDispatcher({ store: broken, handlers: { x: async () => undefined }, onError: (e) => (errors.push(e), reported()) });
      dispatcher.start(3_600_000);
      await seen;
      await dispatcher.stop();
      expect(String(errors[0])).toContain('database down');
    });

    it('rejects nonsense options', () => {
      expect(() => new OutboxDispatcher({ store: t.store, handlers: {}, maxAttempts: 0 })).toThrow(/maxAttempts/);
    });
  });
});

// PostgreSQL: two stores (two pools, as two processes would have) claiming side by side.
// SQLite has one writer per database: two dispatchers share the store and its connection.
describe.each(await testStores())('two dispatchers on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => (t = await openTestStore(dialect)));
  afterAll(() => t.dispose());

  it('never deliver the same message twice, even when running at the same time', async () => {
    const n = 60;
    const now = new Date(T0).toISOString();
    for (let i = 0; i < n; i++) await t.store.outbox.enqueue(t.store, { kind: 'http', payload: { i }, idempotencyKey: `c-${i}`, now });
    const other = dialect === 'postgres' ? await t.openAnother() : t.store;
    const deliveries: { by: string; key: string }[] = [];
    // Each handler yields to the event loop so the two dispatchers' rounds interleave.
    const handler = (by: string): OutboxHandler => async (_p, { idempotencyKey }) => {
      deliveries.push({ by, key: idempotencyKey });
      await new Promise((resolve) => setImmediate(resolve));
    };
    const clock = () => new Date(T0 + 1000);
    const a = new OutboxDispatcher({ store: t.store, handlers: { http: handler('a') }, clock, batchSize: 7 });
    const b = new OutboxDispatcher({ store: other, handlers: { http: handler('b') }, clock, batchSize: 7 });
    const drain = async (d: OutboxDispatcher) => {
      while ((await d.runOnce()).claimed > 0);
    };
    await Promise.all([drain(a), drain(b), drain(a), drain(b)]);
    const keys = deliveries.map((d) => d.key);
    expect(new Set(keys).size).toBe(n);
    expect(keys).toHaveLength(n);
    expect((await t.store.outbox.list({ status: 'done', limit: 1000 })).length).toBe(n);
    expect(new Set(deliveries.map((d) => d.by))).toEqual(new Set(['a', 'b']));
  });
});
