import { describe, expect, it } from 'vitest';
import type { ChannelOrder } from './channel-order.ts';
import { walkBackwards, walkCursor, walkNarrowing } from './paging.ts';

const order = (id: number, modifiedAt: string): ChannelOrder =>
  ({ platform: 'taobao', channel: 'taobao', sourceOrderId: String(id), modifiedAt, state: 'paid', refund: 'none', data: {} }) as unknown as ChannelOrder;

/** Notes, in order, when each page was asked for and when the caller finished with it. */
function journal() {
  const events: string[] = [];
  const onPage = async (orders: ChannelOrder[]) => {
    events.push(`handle ${orders.map((o) => o.sourceOrderId).join(',')}`);
    await new Promise((r) => setImmediate(r));
    events.push('handled');
  };
  return { events, onPage };
}

// Reading ahead: the next page is asked for before the current one is handed on, and pages are
// still handed on one at a time, in the walk's order.
describe('paging reads the next page while the caller handles this one', () => {
  const at = '2024-11-11T00:00:05.000Z';
  const window = { start: new Date('2024-11-11T00:00:00.000Z'), end: new Date('2024-11-11T00:10:00.000Z') };

  it('numbered pages, backwards', async () => {
    const { events, onPage } = journal();
    const pages: Record<number, ChannelOrder[]> = { 1: [order(1, at), order(2, at)], 2: [order(3, at), order(4, at)], 3: [order(5, at)] };
    const stats = await walkBackwards('taobao', 2, async (p) => (events.push(`ask ${p}`), { orders: pages[p]!, total: 5 }), onPage, 1, window);
    expect(events).toEqual(['ask 1', 'ask 3', 'ask 2', 'handle 5', 'handled', 'ask 1', 'handle 3,4', 'handled', 'handle 1,2', 'handled']);
    expect(stats).toEqual({ calls: 4, fetched: 5 });
  });

  it('an opaque cursor', async () => {
    const { events, onPage } = journal();
    const pages: Record<string, { orders: ChannelOrder[]; next: string; hasMore: boolean }> = { '': { orders: [order(1, at)], next: 'b', hasMore: true }, b: { orders: [order(2, at)], next: '', hasMore: false } };
    await walkCursor('wechat_channels', async (c) => (events.push(`ask ${c || 'first'}`), pages[c]!), onPage);
    expect(events).toEqual(['ask first', 'ask b', 'handle 1', 'handled', 'handle 2', 'handled']);
  });

  it('has_more pages whose window end comes down', async () => {
    const { events, onPage } = journal();
    const reads: { end: string; page: number }[] = [];
    const older = '2024-11-11T00:00:03.000Z';
    await walkNarrowing(
      'douyin',
      window,
      async (end, page) => {
        reads.push({ end: end.toISOString(), page });
        events.push(`ask ${page}`);
        return end.getTime() === window.end.getTime() ? { orders: [order(2, at), order(1, older)], hasMore: true } : { orders: [order(1, older)], hasMore: false };
      },
      onPage,
    );
    expect(reads).toEqual([{ end: window.end.toISOString(), page: 0 }, { end: older, page: 0 }]);
    expect(events).toEqual(['ask 0', 'ask 0', 'handle 2,1', 'handled', 'handle 1', 'handled']);
  });

  it('drops a page read ahead when the caller fails, without an unhandled rejection', async () => {
    const failing = async () => {
      throw new Error('the store refused the batch');
    };
    let asked = 0;
    const read = async (p: number) => {
      asked++;
      if (p === 1 && asked > 2) throw new Error('page 1 failed');
      return { orders: [order(p, at), order(p + 10, at)], total: 6 };
    };
    await expect(walkBackwards('taobao', 2, read, failing, 1, window)).rejects.toThrow('the store refused the batch');
    await new Promise((r) => setImmediate(r));
  });
});
