import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEffect } from '../services/outbox-effects.ts';
import { openHarness, type Harness } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';

const APP = '/api/apps/ecommerce_oms';
const ORDERS = `${APP}/records/order`;

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

describe.each(await testStores())('outbox and alerts on %s', (dialect) => {
  let h: Harness;
  let admin: string;
  let supervisor: string;
  let ops: string;
  const sent: Sent[] = [];
  /** The status the fake WMS answers with next. */
  let wmsStatus = 200;

  beforeAll(async () => {
    h = await openHarness(dialect, {
      build: {
        // The WMS is a fake fetch: delivery semantics over real sockets are tested in http-delivery.test.ts.
        http: {
          fetch: (async (url: string, init: RequestInit) => {
            sent.push({ url, method: init.method!, headers: init.headers as Record<string, string>, body: JSON.parse(String(init.body)) });
            return new Response(wmsStatus < 300 ? '{"pick_no":"P1"}' : 'bad', { status: wmsStatus });
          }) as typeof fetch,
        },
        outbox: { random: () => 0.5, baseDelayMs: 1000, maxAttempts: 3 },
      },
    });
    admin = await h.login('admin');
    supervisor = await h.login('supervisor1');
    ops = await h.login('ops1');
  });
  afterAll(() => h.dispose());

  async function approvedOrder(overrides: Record<string, unknown> = {}) {
    const created = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData(overrides) } });
    const paid = await h.as(ops, { method: 'POST', url: `${ORDERS}/${created.json().record.id}/transitions/pay`, payload: { version: 1 } });
    const approved = await h.as(supervisor, { method: 'POST', url: `${ORDERS}/${paid.json().record.id}/transitions/approve`, payload: { version: paid.json().record.version } });
    expect(approved.statusCode).toBe(200);
    return approved.json();
  }

  it('delivers http_request effects after commit with an Idempotency-Key, retrying 5xx', async () => {
    const approved = await approvedOrder();
    const outboxId = approved.effects[0].outboxId;
    wmsStatus = 503;
    expect(await h.app.outboxDispatcher.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    const [pending] = (await h.as(admin, { method: 'GET', url: '/api/outbox?status=pending' })).json().items;
    expect(pending).toMatchObject({ id: outboxId, kind: 'http_request', attempts: 1 });
    expect(pending.lastError).toContain('answered 503');

    // Not due yet: nothing is sent until the backoff has passed.
    wmsStatus = 200;
    expect(await h.app.outboxDispatcher.runOnce()).toMatchObject({ claimed: 0 });
    h.clock.advance(60_000);
    expect(await h.app.outboxDispatcher.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });

    expect(sent).toHaveLength(2);
    const [first, second] = sent;
    expect(first!.url).toBe('http://127.0.0.1:4010/wms/orders');
    expect(first!.method).toBe('POST');
    expect(first!.headers['idempotency-key']).toBe(pending.idempotencyKey);
    expect(second!.headers['idempotency-key']).toBe(pending.idempotencyKey);
    expect(first!.body).toMatchObject({ order_no: approved.record.data.order_no });
    const done = (await h.as(admin, { method: 'GET', url: '/api/outbox?status=done' })).json().items;
    expect(done.map((m: { id: number }) => m.id)).toContain(outboxId);
  });

  it('buries a 4xx answer as dead at once; an administrator retries it', async () => {
    const approved = await approvedOrder();
    const outboxId = approved.effects[0].outboxId;
    wmsStatus = 422;
    expect(await h.app.outboxDispatcher.runOnce()).toMatchObject({ dead: 1 });
    const dead = (await h.as(admin, { method: 'GET', url: '/api/outbox?status=dead' })).json().items;
    expect(dead[0]).toMatchObject({ id: outboxId, status: 'dead' });
    expect(dead[0].lastError).toContain('answered 422');

    const notDead = await h.as(admin, { method: 'POST', url: `/api/outbox/${dead[0].id}/retry` });
    expect(notDead.json()).toMatchObject({ status: 'pending', attempts: 0 });
    const again = await h.as(admin, { method: 'POST', url: `/api/outbox/${dead[0].id}/retry` });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('OUTBOX_NOT_DEAD');
    expect((await h.as(admin, { method: 'POST', url: '/api/outbox/999999/retry' })).json().error.code).toBe('OUTBOX_NOT_FOUND');
    wmsStatus = 200;
    expect(await h.app.outboxDispatcher.runOnce()).toMatchObject({ delivered: 1 });
    expect((await h.as(ops, { method: 'GET', url: '/api/outbox' })).statusCode).toBe(403);
  });

  it('turns inbox notifications into in-app notifications that can be acknowledged', async () => {
    const system = (await h.as(admin, { method: 'POST', url: '/api/tokens', payload: { name: 'stock-check', roles: ['admin'] } })).json().token;
    const created = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData() } });
    // No body at all: integrations often send none.
    const paid = await h.as(system, { method: 'POST', url: `${ORDERS}/${created.json().record.id}/events/channel.paid` });
    expect(paid.statusCode, paid.body).toBe(200);
    const short = await h.as(system, { method: 'POST', url: `${ORDERS}/${created.json().record.id}/events/stock.short`, payload: { version: paid.json().record.version } });
    expect(short.json().record.data.status).toBe('out_of_stock');
    // Going out of stock gives back what the order held, then tells purchasing in the in-app inbox.
    const effects = short.json().effects as { type: string; connector?: string }[];
    expect(effects[0]!.type).toBe('release_stock');
    expect(effects.filter((e) => e.type === 'notify').map((e) => e.connector)).toContain('inbox');
    expect((await h.app.outboxDispatcher.runOnce()).delivered).toBeGreaterThanOrEqual(1);

    const inbox = (await h.as(ops, { method: 'GET', url: `${APP}/alerts?status=open&recordId=${created.json().record.id}` })).json().items;
    const notification = inbox.find((a: { code: string }) => a.code === 'notification');
    expect(notification.message['zh-CN']).toContain(created.json().record.data.order_no);
    const acked = await h.as(ops, { method: 'POST', url: `${APP}/alerts/${notification.id}/acknowledge` });
    expect(acked.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'ops1' });
    expect((await h.as(ops, { method: 'POST', url: `${APP}/alerts/999999/acknowledge` })).json().error.code).toBe('ALERT_NOT_FOUND');
  });

  it('raises rule alerts in the command’s transaction', async () => {
    const created = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData({ paid_amount: 659_600, goods_amount: 659_600 }) } });
    const paid = await h.as(ops, { method: 'POST', url: `${ORDERS}/${created.json().record.id}/transitions/pay`, payload: { version: 1 } });
    expect(paid.json().firedRules).toContain('large_amount');
    const alerts = (await h.as(ops, { method: 'GET', url: `${APP}/alerts?entity=order&recordId=${created.json().record.id}` })).json().items;
    expect(alerts.map((a: { code: string }) => a.code)).toContain('large_amount');
  });

  it('dead-letters notifications to a messenger connector the definition does not have, saying how to fix it', async () => {
    const record = (await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData() } })).json().record;
    const id = await h.test.store.transaction((tx) =>
      enqueueEffect(
        tx,
        { type: 'notify', connector: 'dingtalk_ops', message: { 'zh-CN': '缺货' }, mentionRoles: ['purchasing'], source: { kind: 'rule', id: 'x' } },
        { app: 'ecommerce_oms', record, index: 0, now: h.clock.now().toISOString() },
      ),
    );
    h.clock.advance(3600_000);
    await h.app.outboxDispatcher.runOnce();
    const row = await h.test.store.outbox.get(id);
    expect(row).toMatchObject({ kind: 'notify_messenger', status: 'dead', attempts: 1 });
    expect(row!.lastError).toContain('has no messenger connector "dingtalk_ops"');
  });
});
