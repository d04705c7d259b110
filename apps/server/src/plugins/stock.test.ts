import { testStores } from '@statecraft/store/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { APP, createOrder, expectReconciled, fire, orderStock, paidOrder, readOrder, setOnHand, stockOf, stockOrder } from '../testing/stock-orders.ts';

const base = `/api/apps/${APP}`;

describe.each(await testStores())('stock at payment, cancel and shipping on %s', (dialect) => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await openHarness(dialect);
    admin = await h.login('admin');
  });
  afterEach(() => expectReconciled(h, admin));
  afterAll(() => h.dispose());

  it('reserves every line in the same transaction as the payment', async () => {
    await setOnHand(h, admin, 'T-RES-1', 5);
    await setOnHand(h, admin, 'T-RES-2', 3);
    const order = await paidOrder(h, admin, [
      { sku: 'T-RES-1', qty: 2 },
      { sku: 'T-RES-2', qty: 1 },
      { sku: 'T-RES-1', qty: 1 },
    ]);
    expect(order.status).toBe('pending_review');
    expect(order.effects.find((e) => e.type === 'reserve_stock')?.stock).toMatchObject({ ok: true, reserved: 3, presale: false });
    expect(await stockOf(h, admin, 'T-RES-1')).toMatchObject({ onHand: 5, reserved: 3, available: 2 });
    expect(await stockOf(h, admin, 'T-RES-2')).toMatchObject({ onHand: 3, reserved: 1, available: 2 });
    const held = await orderStock(h, admin, order.id);
    expect(held.reservations.map((r) => [r.sku, r.qty, r.status])).toEqual([
      ['T-RES-1', 2, 'active'],
      ['T-RES-2', 1, 'active'],
      ['T-RES-1', 1, 'active'],
    ]);
    expect(held.shortage).toEqual([]);
  });

  it('a short order goes to out_of_stock with its short lines, purchasing alerted, nothing reserved', async () => {
    await setOnHand(h, admin, 'T-SHORT-1', 1);
    await setOnHand(h, admin, 'T-SHORT-2', 10);
    const order = await paidOrder(h, admin, [
      { sku: 'T-SHORT-2', qty: 2 },
      { sku: 'T-SHORT-1', qty: 3 },
    ]);
    expect(order.status).toBe('out_of_stock');
    expect(order.data.stock_shortage).toContain('T-SHORT-1 需要 3，可用 1');
    expect(order.effects.map((e) => e.type)).toContain('notify');
    const inbox = order.effects.filter((e) => e.type === 'notify') as unknown as { connector: string; mentionRoles: string[] }[];
    expect(inbox).toContainEqual(expect.objectContaining({ connector: 'inbox', mentionRoles: ['purchasing'] }));
    const held = await orderStock(h, admin, order.id);
    expect(held.reservations).toEqual([]);
    expect(held.shortage).toMatchObject([{ sku: 'T-SHORT-1', requested: 3, available: 1 }]);
    expect((await stockOf(h, admin, 'T-SHORT-2')).reserved).toBe(0);
    const alerts = await h.as(admin, { method: 'GET', url: `${base}/alerts?recordId=${order.id}&code=out_of_stock` });
    expect(alerts.json().items ?? alerts.json()).toHaveLength(1);

    // Restocking by hand while it is still short is refused whole: the order does not move.
    const early = await fire(h, admin, order, 'restock');
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'STOCK_SHORT', short: [{ sku: 'T-SHORT-1', requested: 3, available: 1 }] });
    expect((await readOrder(h, admin, order.id)).version).toBe(order.version);
  });

  it('cancelling releases, shipping commits: on hand and reserved both drop', async () => {
    await setOnHand(h, admin, 'T-FLOW', 10);
    const a = await paidOrder(h, admin, [{ sku: 'T-FLOW', qty: 4 }], { carrier: 'sf' });
    const b = await paidOrder(h, admin, [{ sku: 'T-FLOW', qty: 3 }], { carrier: 'sf' });
    expect(await stockOf(h, admin, 'T-FLOW')).toMatchObject({ onHand: 10, reserved: 7 });

    const reason = await h.as(admin, { method: 'PATCH', url: `${base}/records/order/${a.id}`, payload: { version: a.version, data: { cancel_reason: '买家取消' } } });
    expect(reason.statusCode, reason.body).toBe(200);
    const cancelled = await fire(h, admin, { ...a, version: reason.json().record.version }, 'cancel');
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await stockOf(h, admin, 'T-FLOW')).toMatchObject({ onHand: 10, reserved: 3 });
    expect((await orderStock(h, admin, a.id)).reservations.map((r) => r.status)).toEqual(['released']);

    let current = b;
    for (const step of ['approve', 'print_waybill'] as const) {
      const res = await fire(h, admin, current, step);
      expect(res.statusCode, res.body).toBe(200);
      current = { ...current, version: res.json().record.version };
    }
    const waybill = await h.as(admin, { method: 'PATCH', url: `${base}/records/order/${b.id}`, payload: { version: current.version, data: { waybill_no: 'SF100200300' } } });
    expect(waybill.statusCode, waybill.body).toBe(200);
    const shipped = await fire(h, admin, { ...current, version: waybill.json().record.version }, 'ship');
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(await stockOf(h, admin, 'T-FLOW')).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    expect((await orderStock(h, admin, b.id)).reservations.map((r) => r.status)).toEqual(['committed']);
    const movements = (await h.as(admin, { method: 'GET', url: `${base}/stock/T-FLOW` })).json().movements as { kind: string; delta: number; ref: string }[];
    expect(movements[0]).toMatchObject({ kind: 'ship', delta: -3, ref: `order:${b.id}` });
  });

  it('adjustments need a reason and a role that restocks; stock is listed by SKU', async () => {
    const cs = await h.login('cs1');
    const buyer = await h.login('buyer1');
    const forbidden = await h.as(cs, { method: 'POST', url: `${base}/stock/T-API/adjustments`, payload: { delta: 5, reason: '采购入库' } });
    expect(forbidden.statusCode).toBe(403);
    const blank = await h.as(buyer, { method: 'POST', url: `${base}/stock/T-API/adjustments`, payload: { delta: 5, reason: '  ' } });
    expect(blank.json().error.code).toBe('STOCK_REASON_REQUIRED');
    const ok = await h.as(buyer, { method: 'POST', url: `${base}/stock/T-API/adjustments`, payload: { delta: 5, reason: '采购入库 PO-7' } });
    expect(ok.statusCode, ok.body).toBe(200);
    const negative = await h.as(buyer, { method: 'POST', url: `${base}/stock/T-API/adjustments`, payload: { delta: -6, reason: '报损' } });
    expect(negative.statusCode).toBe(409);
    expect(negative.json().error.code).toBe('STOCK_NEGATIVE');
    const one = (await h.as(cs, { method: 'GET', url: `${base}/stock/T-API` })).json();
    expect(one.movements[0]).toMatchObject({ kind: 'adjust', delta: 5, reason: '采购入库 PO-7', actor: 'buyer1' });
    const list = await h.as(cs, { method: 'GET', url: `${base}/stock?sku=T-API,HG-CP-001` });
    expect(list.json().items.map((l: { sku: string }) => l.sku)).toEqual(['HG-CP-001', 'T-API']);
    expect((await h.as(cs, { method: 'GET', url: `${base}/stock/NO-SUCH-SKU` })).json().error.code).toBe('STOCK_NOT_FOUND');
    // A created order that was never paid holds nothing.
    const unpaid = await createOrder(h, admin, stockOrder([{ sku: 'T-API', qty: 1 }]));
    expect((await orderStock(h, admin, unpaid.id)).reservations).toEqual([]);
  });

  it('answers who holds a SKU and who is short of it, and whether the caller may manage stock', async () => {
    await setOnHand(h, admin, 'T-WHO', 3);
    const first = await paidOrder(h, admin, [{ sku: 'T-WHO', qty: 2 }]);
    const second = await paidOrder(h, admin, [{ sku: 'T-WHO', qty: 1 }]);
    const short = await paidOrder(h, admin, [{ sku: 'T-WHO', qty: 4 }]);
    expect(short.status).toBe('out_of_stock');

    const warehouse = await h.login('warehouse1');
    const who = await h.as(warehouse, { method: 'GET', url: `${base}/stock/T-WHO/reservations` });
    expect(who.statusCode, who.body).toBe(200);
    // Newest first, each naming its record and line.
    expect(who.json().reservations.map((r: { entity: string; recordId: number; qty: number; status: string }) => [r.entity, r.recordId, r.qty, r.status])).toEqual([
      ['order', second.id, 1, 'active'],
      ['order', first.id, 2, 'active'],
    ]);
    expect(who.json().reservations[0]).toMatchObject({ sku: 'T-WHO', warehouse: 'main', lineKey: expect.any(String), createdAt: expect.any(String) });
    expect(who.json().shortages).toMatchObject([{ entity: 'order', recordId: short.id, requested: 4, available: 0 }]);
    const active = await h.as(warehouse, { method: 'GET', url: `${base}/stock/T-WHO/reservations?status=released` });
    expect(active.json().reservations).toEqual([]);

    const shortages = (await h.as(warehouse, { method: 'GET', url: `${base}/stock/shortages` })).json().items as { sku: string; records: number; requested: number }[];
    expect(shortages.find((s) => s.sku === 'T-WHO')).toEqual({ sku: 'T-WHO', warehouse: 'main', records: 1, requested: 4 });

    // The list says what the caller may do: purchasing restocks, the warehouse only reads.
    const buyer = await h.login('buyer1');
    expect((await h.as(warehouse, { method: 'GET', url: `${base}/stock?sku=T-WHO` })).json()).toMatchObject({ items: [{ sku: 'T-WHO', onHand: 3, reserved: 3, available: 0 }], permissions: { manage: false } });
    expect((await h.as(buyer, { method: 'GET', url: `${base}/stock?sku=T-WHO` })).json().permissions).toEqual({ manage: true });
    expect((await h.as(warehouse, { method: 'POST', url: `${base}/stock/retry`, payload: {} })).statusCode).toBe(403);
    // A family of SKUs by prefix; LIKE's wildcards in it are taken literally.
    expect((await h.as(warehouse, { method: 'GET', url: `${base}/stock?prefix=T-WH` })).json().items.map((l: { sku: string }) => l.sku)).toEqual(['T-WHO']);
    expect((await h.as(warehouse, { method: 'GET', url: `${base}/stock?prefix=T_WH` })).json().items).toEqual([]);
  });
});
