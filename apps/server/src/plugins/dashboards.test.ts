import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';

const APP = '/api/apps/ecommerce_oms';
const ORDERS = `${APP}/records/order`;
type Figures = { widgets: ({ id: string; type: string; value?: number | null; buckets?: { key: string; value: number }[]; items?: { data: Record<string, unknown> }[] })[]; tookMs: number };
const widget = (f: Figures, id: string) => f.widgets.find((w) => w.id === id)!;
const bucket = (f: Figures, id: string, key: string) => widget(f, id).buckets!.find((b) => b.key === key)?.value;

describe.each(await testStores())('dashboards on %s', (dialect) => {
  let h: Harness;
  let ops: string;
  let supervisor: string;

  beforeAll(async () => {
    h = await openHarness(dialect);
    // 2024-11-11T08:00Z is 16:00 in Shanghai: "today" there began at 2024-11-10T16:00Z.
    h.clock.set('2024-11-11T08:00:00.000Z');
    ops = await h.login('ops1');
    supervisor = await h.login('supervisor1');
    const orders = [
      { order_no: 'D1', channel: 'taobao', ordered_at: '2024-11-11T01:00:00.000Z', pay: true },
      { order_no: 'D2', channel: 'jd', ordered_at: '2024-11-10T17:00:00.000Z', pay: true },
      { order_no: 'D3', channel: 'taobao', ordered_at: '2024-11-10T15:59:59.000Z', pay: false }, // yesterday in Shanghai
      { order_no: 'D4', channel: 'pdd', ordered_at: '2024-11-11T07:00:00.000Z', pay: false },
    ];
    for (const o of orders) {
      const res = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData({ order_no: o.order_no, channel: o.channel, source_order_id: o.order_no, ordered_at: o.ordered_at }) } });
      expect(res.statusCode, res.body).toBe(201);
      if (o.pay) expect((await h.as(ops, { method: 'POST', url: `${ORDERS}/${res.json().record.id}/transitions/pay`, payload: { version: 1 } })).statusCode).toBe(200);
    }
  });
  afterAll(() => h.dispose());

  const figures = async (who = supervisor) => {
    const res = await h.as(who, { method: 'GET', url: `${APP}/dashboards/ops_overview/data` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Figures;
  };

  it('computes the template dashboard: today in the dashboard’s time zone, unhandled, per state, per channel, a table', async () => {
    const f = await figures();
    expect(widget(f, 'today_orders').value).toBe(3);
    expect(widget(f, 'unhandled').value).toBe(2);
    expect(widget(f, 'out_of_stock').value).toBe(0);
    expect(widget(f, 'avg_fulfilment').value).toBeNull();
    expect(bucket(f, 'per_state', 'pending_review')).toBe(2);
    expect(bucket(f, 'per_state', 'pending_payment')).toBe(2);
    expect(bucket(f, 'channel_share', 'taobao')).toBe(1);
    expect(bucket(f, 'channel_share', 'jd')).toBe(1);
    expect(bucket(f, 'channel_share', 'pdd')).toBe(1);
    // Oldest first: the review queue.
    expect(widget(f, 'oldest_to_review').items!.map((r) => r.data.order_no)).toEqual(['D2', 'D1']);
  });

  it('averages the time from payment to shipping over the window', async () => {
    const [a, b] = (await h.test.store.records.list('order', { filters: [{ field: 'order_no', op: 'in', value: ['D1', 'D2'] }], sort: { field: 'order_no' } })).items;
    const meta = { actor: 'test', now: '2024-11-11T08:00:00.000Z', defVersion: 1 };
    await h.test.store.records.update('order', a!.id, a!.version, { paid_at: '2024-11-10T08:00:00.000Z', shipped_at: '2024-11-11T06:00:00.000Z' }, meta); // 22 h
    await h.test.store.records.update('order', b!.id, b!.version, { paid_at: '2024-11-11T02:00:00.000Z', shipped_at: '2024-11-11T04:00:00.000Z' }, meta); // 2 h
    expect(widget(await figures(), 'avg_fulfilment').value).toBe(12);
  });

  it('refuses strangers and unknown dashboards with stable codes', async () => {
    expect((await h.as(undefined, { method: 'GET', url: `${APP}/dashboards/ops_overview/data` })).statusCode).toBe(401);
    const missing = await h.as(supervisor, { method: 'GET', url: `${APP}/dashboards/nope/data` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('DASHBOARD_NOT_FOUND');
  });

  it('streams new figures as server-sent events when a record changes', async () => {
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const res = await fetch(`${address}${APP}/dashboards/ops_overview/stream`, { headers: { cookie: supervisor }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextEvent = async (): Promise<Figures> => {
      // Bounded: the stream answers within the change feed's tick or the read fails the test by timeout.
      for (let i = 0; i < 200; i++) {
        const m = /event: dashboard\ndata: (.*)\n\n/.exec(buffer);
        if (m) {
          buffer = buffer.slice(m.index + m[0].length);
          return JSON.parse(m[1]!) as Figures;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
      throw new Error('no dashboard event');
    };
    const first = await nextEvent();
    const created = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData({ order_no: 'D5', source_order_id: 'D5', channel: 'wechat', ordered_at: '2024-11-11T07:30:00.000Z' }) } });
    expect(created.statusCode).toBe(201);
    const second = await nextEvent();
    expect(widget(second, 'today_orders').value).toBe((widget(first, 'today_orders').value ?? 0) + 1);
    expect(bucket(second, 'channel_share', 'wechat')).toBe(1);
    controller.abort();
  });
});
