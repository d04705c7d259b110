import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';

const ORDERS = '/api/apps/ecommerce_oms/records/order';

/** Reads server-sent events from a response body until `done` says so or the time is up. */
async function readEvents(body: ReadableStream<Uint8Array>, done: (events: { event: string; data: unknown }[]) => boolean, ms = 10_000) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  const deadline = Date.now() + ms;
  while (!done(events)) {
    if (Date.now() > deadline) throw new Error(`no matching event in ${ms} ms; got ${JSON.stringify(events)}`);
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  reader.releaseLock();
  return { events, reader: body };
}

describe.each(await testStores())('GET /api/events on %s', (dialect) => {
  let h: Harness;
  let base: string;
  let cookie: string;

  beforeAll(async () => {
    h = await openHarness(dialect);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`;
    cookie = await h.login('admin');
  });
  afterAll(() => h?.dispose());

  it('needs a signed-in user', async () => {
    const res = await fetch(`${base}/api/events`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AUTH_REQUIRED');
  });

  it('pushes the alert a rule raises (the pop-up) and the record change, live', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers: { cookie }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    // The stream hijacks the reply: it writes the security headers itself.
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const body = res.body!;
    await readEvents(body, (e) => e.some((x) => x.event === 'ready'));

    const created = await h.as(cookie, { method: 'POST', url: ORDERS, payload: { data: orderData({ goods_amount: 600_000, paid_amount: 600_000 }) } });
    const record = created.json().record;
    await h.as(cookie, { method: 'POST', url: `${ORDERS}/${record.id}/transitions/pay`, payload: { version: record.version } });

    const { events } = await readEvents(body, (e) => e.some((x) => x.event === 'alert' && (x.data as { ruleId: string }).ruleId === 'large_amount'));
    const alert = events.find((x) => x.event === 'alert')!.data as Record<string, unknown>;
    expect(alert).toMatchObject({ app: 'ecommerce_oms', entity: 'order', recordId: record.id, ruleId: 'large_amount', severity: 'warning', status: 'open' });
    expect((alert.message as { 'zh-CN': string })['zh-CN']).toContain(record.data.order_no);
    const changes = events.filter((x) => x.event === 'record').map((x) => x.data as { recordId: number; action: string });
    expect(changes).toEqual(expect.arrayContaining([expect.objectContaining({ recordId: record.id, action: 'create' }), expect.objectContaining({ recordId: record.id, action: 'transition' })]));
    controller.abort();
  });
});
