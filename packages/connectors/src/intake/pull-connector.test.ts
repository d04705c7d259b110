import { describe, expect, it } from 'vitest';
import type { ChannelClient, TimeWindow } from '../channels/channel-client.ts';
import type { ChannelOrder } from '../channels/channel-order.ts';
import type { ChannelSettings } from './channel-settings.ts';
import { MemoryIntakeState } from './intake-state.ts';
import { MemoryOrderSink } from './order-sink.ts';
import { pullConnector } from './pull-connector.ts';

const MIN = 60_000;
const START = Date.parse('2024-11-11T00:00:00.000Z');

/** A platform with `perWindow` orders in every 10-minute window, modified at its start. */
function fakeClient(perWindow: number): ChannelClient {
  return {
    platform: 'taobao',
    limits: { maxWindowMs: 10 * MIN, lagMs: 0, maxPageSize: 100 },
    async pullWindow(window: TimeWindow, onPage: (orders: ChannelOrder[]) => Promise<void>) {
      const at = new Date(window.start.getTime() + 1000).toISOString();
      const orders = Array.from({ length: perWindow }, (_, i): ChannelOrder => {
        const id = `${window.start.getTime()}-${i}`;
        return { platform: 'taobao', channel: 'taobao', sourceOrderId: id, modifiedAt: at, state: 'paid', refund: 'none', data: { source_order_id: id } as unknown as ChannelOrder['data'] };
      });
      await onPage(orders);
      return { calls: 1, fetched: orders.length };
    },
  };
}

const settings = {
  connectorId: 'tmall_shop',
  platform: 'taobao',
  gateway: 'http://platform.invalid',
  shop: { channel: 'taobao', tag: null, orderNoPrefix: 'TB', name: null, code: null },
  sandbox: true,
  everyMs: 10 * MIN,
  retry: { afterMs: 5 * MIN, maxAttempts: 3 },
  window: { maxMs: 10 * MIN, overlapMs: 0, lagMs: 0, initialLookbackMs: 100 * MIN },
  pageSize: undefined,
  signMethod: undefined,
  mapping: {},
} satisfies ChannelSettings;

/** Counts writes and can refuse one of them (the store down for a moment). */
class CountingSink extends MemoryOrderSink {
  batches: number[] = [];
  refuseWrite: number | null = null;
  override async write(orders: ChannelOrder[]) {
    this.batches.push(orders.length);
    if (this.batches.length === this.refuseWrite) throw new Error('database is locked');
    return super.write(orders);
  }
}

describe('pullConnector batches across windows', () => {
  it('writes orders of many small windows in few writes and moves the cursor past all of them', async () => {
    const sink = new CountingSink();
    const state = new MemoryIntakeState();
    const now = () => new Date(START + 100 * MIN);
    const run = await pullConnector({ settings, client: fakeClient(3), state, sink, now, batchSize: 8 });
    // Ten windows of three orders in whole pages: 9 + 9 + 9 + 3, not one write per window.
    expect(sink.batches).toEqual([9, 9, 9, 3]);
    expect(run.counts).toMatchObject({ fetched: 30, new: 30, failed: 0 });
    expect(run.status).toBe('ok');
    expect(await state.getCursor('tmall_shop')).toBe(new Date(START + 100 * MIN).toISOString());
  });

  it('a refused write fails the windows its orders came from; the retry brings them in, each order once', async () => {
    const sink = new CountingSink();
    sink.refuseWrite = 2;
    const state = new MemoryIntakeState();
    let clock = START + 100 * MIN;
    const now = () => new Date(clock);
    const first = await pullConnector({ settings, client: fakeClient(3), state, sink, now, batchSize: 8 });
    expect(first.status).toBe('partial');
    // The second write held windows 4–6 and came while 6 was pulled; window 3 (whose last page the
    // first write took while it was still being pulled) had not been confirmed yet either. All
    // four are to retry: re-reading one is harmless, skipping one is not.
    const failed = await state.listFailures('tmall_shop', 'retry');
    expect(failed.map((f) => (Date.parse(f.start) - START) / MIN).sort((a, b) => a - b)).toEqual([20, 30, 40, 50]);
    expect(sink.orders.size).toBe(21);
    // Nothing is skipped: the cursor is at the end, the failed windows wait for their retry.
    expect(await state.getCursor('tmall_shop')).toBe(new Date(START + 100 * MIN).toISOString());
    clock += 6 * MIN;
    const retry = await pullConnector({ settings, client: fakeClient(3), state, sink, now, batchSize: 8 });
    expect(retry.status).toBe('ok');
    expect(await state.listFailures('tmall_shop', 'retry')).toEqual([]);
    // Every order of the hundred minutes arrived, and none was written twice.
    const ids = [...sink.orders.values()].filter((k) => Date.parse(k.order.modifiedAt) < START + 100 * MIN);
    expect(ids.length).toBe(30);
    expect(ids.every((k) => k.writes === 1)).toBe(true);
  });

  it('reads the next pages while a batch is written, one write at a time, and still moves the cursor past every window', async () => {
    let pagesRead = 0;
    const counting = fakeClient(3);
    const client: ChannelClient = { ...counting, pullWindow: (w, onPage) => counting.pullWindow(w, async (orders) => { pagesRead++; await onPage(orders); }) };
    /** A store that takes a few event-loop turns per write and notes what the pull did meanwhile. */
    class SlowSink extends CountingSink {
      inFlight = 0;
      maxInFlight = 0;
      readDuringWrites = 0;
      override async write(orders: ChannelOrder[]) {
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        const before = pagesRead;
        for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
        this.readDuringWrites += pagesRead - before;
        try {
          return await super.write(orders);
        } finally {
          this.inFlight--;
        }
      }
    }
    const sink = new SlowSink();
    const state = new MemoryIntakeState();
    const run = await pullConnector({ settings, client, state, sink, now: () => new Date(START + 100 * MIN), batchSize: 8 });
    expect(sink.batches).toEqual([9, 9, 9, 3]);
    expect(sink.maxInFlight).toBe(1);
    expect(sink.readDuringWrites).toBeGreaterThan(0);
    expect(run.counts).toMatchObject({ fetched: 30, new: 30, failed: 0 });
    expect(await state.getCursor('tmall_shop')).toBe(new Date(START + 100 * MIN).toISOString());
  });
});
