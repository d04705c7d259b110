import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutboxDeferral, OutboxDispatcher, type OutboxHandler } from './outbox.dispatcher.ts';
import { openTestStore, testStores, type TestStore } from './testing.ts';

const T0 = Date.parse('2024-11-11T00:00:00.000Z');

describe.each(await testStores())('outbox deferral on %s', (dialect) => {
  let t: TestStore;
  let now = T0;
  const clock = () => new Date(now);
  beforeAll(async () => (t = await openTestStore(dialect)));
  afterAll(() => t.dispose());
  beforeEach(async () => {
    now = T0;
    await t.store.knex('sc_outbox').delete();
  });

  it('puts a message back for later without spending an attempt, however often', async () => {
    const { id } = await t.store.outbox.enqueue(t.store, { kind: 'robot', payload: { n: 1 }, idempotencyKey: 'd1', now: clock().toISOString() });
    let calls = 0;
    const handler: OutboxHandler = async () => {
      calls++;
      if (calls <= 20) throw new OutboxDeferral(now + 60_000, `slot ${calls} is a minute away`);
    };
    // maxAttempts 2: twenty deferrals would kill it if they counted.
    const dispatcher = new OutboxDispatcher({ store: t.store, handlers: { robot: handler }, clock, maxAttempts: 2 });
    for (let i = 0; i < 20; i++) {
      expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, deferred: 1, dead: 0 });
      const row = await t.store.outbox.get(id);
      expect(row).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: new Date(now + 60_000).toISOString(), lastError: `OutboxDeferral: slot ${i + 1} is a minute away` });
      // Not due before its time.
      expect((await dispatcher.runOnce()).claimed).toBe(0);
      now += 60_000;
    }
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(await t.store.outbox.get(id)).toMatchObject({ status: 'done', attempts: 1, lastError: null });
  });

  it('never schedules a deferral in the past', async () => {
    const { id } = await t.store.outbox.enqueue(t.store, { kind: 'robot', payload: null, idempotencyKey: 'd2', now: clock().toISOString() });
    const dispatcher = new OutboxDispatcher({ store: t.store, handlers: { robot: async () => { throw new OutboxDeferral(T0 - 3_600_000, 'late'); } }, clock });
    await dispatcher.runOnce();
    expect((await t.store.outbox.get(id))!.nextAttemptAt).toBe(new Date(T0).toISOString());
  });

  it('refuses an invalid instant', () => {
    expect(() => new OutboxDeferral('soon', 'x')).toThrow(/valid instant/);
  });
});
