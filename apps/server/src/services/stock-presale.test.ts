import { testStores } from '@statecraft/store/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { APP, expectReconciled, orderStock, paidOrder, setOnHand, stockOf } from '../testing/stock-orders.ts';

describe.each(await testStores())('presale (预售模式) on %s', (dialect) => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await openHarness(dialect);
    admin = await h.login('admin');
  });
  afterEach(() => expectReconciled(h, admin));
  afterAll(() => h.dispose());

  it('takes orders beyond stock up to the cap, flagged presale with the expected ship date', async () => {
    await setOnHand(h, admin, 'T-PRE', 2);
    const settings = await h.as(admin, { method: 'PUT', url: `/api/apps/${APP}/stock/T-PRE/settings`, payload: { presale: { enabled: true, cap: 5, shipDate: '2024-12-20' } } });
    expect(settings.statusCode, settings.body).toBe(200);
    expect(settings.json().stock.presale).toEqual({ enabled: true, cap: 5, shipDate: '2024-12-20' });

    const inStock = await paidOrder(h, admin, [{ sku: 'T-PRE', qty: 2 }]);
    expect(inStock).toMatchObject({ status: 'pending_review', data: { presale: false, expected_ship_date: null } });

    const presale = await paidOrder(h, admin, [{ sku: 'T-PRE', qty: 4 }]);
    expect(presale).toMatchObject({ status: 'pending_review', data: { presale: true, expected_ship_date: '2024-12-20' } });
    expect((await orderStock(h, admin, presale.id)).reservations).toMatchObject([{ sku: 'T-PRE', qty: 4, presale: true, status: 'active' }]);
    expect(await stockOf(h, admin, 'T-PRE')).toMatchObject({ onHand: 2, reserved: 6, available: 0 });

    // Beyond the cap (2 on hand + 5) it is short like any other SKU.
    const beyond = await paidOrder(h, admin, [{ sku: 'T-PRE', qty: 2 }]);
    expect(beyond.status).toBe('out_of_stock');
    expect((await orderStock(h, admin, beyond.id)).shortage).toMatchObject([{ sku: 'T-PRE', requested: 2, available: 1 }]);

    // Raising the cap is stock arriving too: the short order is retried and becomes a presale order.
    const raised = await h.as(admin, { method: 'PUT', url: `/api/apps/${APP}/stock/T-PRE/settings`, payload: { presale: { enabled: true, cap: 10 } } });
    expect(raised.json().retried.reserved).toEqual([beyond.id]);
    const reserved = await h.as(admin, { method: 'GET', url: `/api/apps/${APP}/records/order/${beyond.id}` });
    expect(reserved.json().data).toMatchObject({ status: 'pending_review', presale: true, expected_ship_date: '2024-12-20' });
  });

  it('a SKU without presale never takes orders beyond stock', async () => {
    await setOnHand(h, admin, 'T-NOPRE', 1);
    const order = await paidOrder(h, admin, [{ sku: 'T-NOPRE', qty: 2 }]);
    expect(order.status).toBe('out_of_stock');
    expect(order.data.presale).toBe(false);
  });
});
