import { testStores } from '@statecraft/store/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { APP, expectReconciled, orderStock, paidOrder, readOrder, setOnHand } from '../testing/stock-orders.ts';

describe.each(await testStores())('re-try of out-of-stock orders on %s', (dialect) => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await openHarness(dialect);
    admin = await h.login('admin');
  });
  afterEach(() => expectReconciled(h, admin));
  afterAll(() => h.dispose());

  it('when stock arrives, retries oldest payment first; one still short stays as it was', async () => {
    await setOnHand(h, admin, 'T-RT', 0);
    // Paid in the order middle, oldest, newest: the retry must go by payment time, not by id.
    h.clock.set('2024-11-11T10:00:00.000Z');
    const middle = await paidOrder(h, admin, [{ sku: 'T-RT', qty: 2 }]);
    h.clock.set('2024-11-11T09:00:00.000Z');
    const oldest = await paidOrder(h, admin, [{ sku: 'T-RT', qty: 3 }]);
    h.clock.set('2024-11-11T11:00:00.000Z');
    const newest = await paidOrder(h, admin, [{ sku: 'T-RT', qty: 1 }]);
    for (const o of [middle, oldest, newest]) expect(o.status).toBe('out_of_stock');

    h.clock.set('2024-11-11T12:00:00.000Z');
    const arrived = await setOnHand(h, admin, 'T-RT', 4, '采购入库 PO-88');
    expect(arrived.retried).toEqual({ tried: 3, reserved: [oldest.id, newest.id], stillShort: [middle.id], skipped: [] });
    expect(arrived.stock).toMatchObject({ onHand: 4, reserved: 4, available: 0 });
    expect((await readOrder(h, admin, oldest.id)).status).toBe('pending_review');
    expect((await readOrder(h, admin, oldest.id)).data.stock_shortage).toBeNull();
    expect((await readOrder(h, admin, newest.id)).status).toBe('pending_review');
    // Nothing half-done: the refused one did not move, holds nothing, and its shortage is current.
    const still = await readOrder(h, admin, middle.id);
    expect(still).toMatchObject({ status: 'out_of_stock', version: middle.version });
    // 1 was left when it was tried (after the oldest), then the newest took it.
    expect(await orderStock(h, admin, middle.id)).toMatchObject({ reservations: [], shortage: [{ sku: 'T-RT', requested: 2, available: 1 }] });

    // A recorded shortage the stock cannot cover is not even tried.
    const idle = await h.as(admin, { method: 'POST', url: `/api/apps/${APP}/stock/retry`, payload: {} });
    expect(idle.json()).toEqual({ tried: 0, reserved: [], stillShort: [], skipped: [] });

    // Stock that arrives behind the API's back (another process, a console) is picked up on demand.
    await h.test.store.stock.adjust(h.test.store, { sku: 'T-RT', delta: 2, reason: '到货', actor: 'console', now: '2024-11-11T13:00:00.000Z' });
    const onDemand = await h.as(admin, { method: 'POST', url: `/api/apps/${APP}/stock/retry`, payload: {} });
    expect(onDemand.statusCode, onDemand.body).toBe(200);
    expect(onDemand.json()).toEqual({ tried: 1, reserved: [middle.id], stillShort: [], skipped: [] });
    expect((await orderStock(h, admin, middle.id)).reservations).toMatchObject([{ sku: 'T-RT', qty: 2, status: 'active' }]);
  });

  it('on demand re-try is for the roles that restock', async () => {
    const cs = await h.login('cs1');
    expect((await h.as(cs, { method: 'POST', url: `/api/apps/${APP}/stock/retry`, payload: {} })).statusCode).toBe(403);
    const buyer = await h.login('buyer1');
    expect((await h.as(buyer, { method: 'POST', url: `/api/apps/${APP}/stock/retry` })).statusCode).toBe(200);
  });
});
