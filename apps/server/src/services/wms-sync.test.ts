import { startWmsSandbox, type WmsSandbox } from '@statecraft/connectors/sandboxes';
import { testStores } from '@statecraft/store/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { APP, expectReconciled, orderStock, paidOrder, readOrder, setOnHand, stockOf } from '../testing/stock-orders.ts';

describe.each(await testStores())('WMS stock sync on %s', (dialect) => {
  let h: Harness;
  let wms: WmsSandbox;
  let admin: string;
  beforeAll(async () => {
    wms = await startWmsSandbox({ stock: { 'T-W1': 8, 'T-W3': 5, 'T-ONLY-WMS': 9 }, timeoutHoldMs: 1_000 });
    h = await openHarness(dialect, { build: { stock: { wms: { url: wms.url, timeoutMs: 150 } } } });
    admin = await h.login('admin');
  });
  afterEach(() => expectReconciled(h, admin));
  afterAll(async () => {
    await h.dispose();
    await wms.close();
  });

  it('sets on hand to the warehouse count without touching reservations, and logs the drift', async () => {
    await setOnHand(h, admin, 'T-W1', 5);
    const order = await paidOrder(h, admin, [{ sku: 'T-W1', qty: 2 }]);
    h.clock.set('2024-11-11T08:05:00.000Z');
    const run = await h.app.wmsSync.runOnce();
    expect(run).toMatchObject({ status: 'ok', startedAt: '2024-11-11T08:05:00.000Z', finishedAt: '2024-11-11T08:05:00.000Z', skusChanged: 1, driftUnits: 3 });
    expect(run.drift).toEqual([{ sku: 'T-W1', before: 5, after: 8 }]);
    expect(await stockOf(h, admin, 'T-W1')).toMatchObject({ onHand: 8, reserved: 2, available: 6 });
    expect((await orderStock(h, admin, order.id)).reservations).toMatchObject([{ sku: 'T-W1', qty: 2, status: 'active' }]);
    // SKUs the pool does not know are not imported; SKUs the WMS does not know keep their stock.
    expect((await h.as(admin, { method: 'GET', url: `/api/apps/${APP}/stock/T-ONLY-WMS` })).statusCode).toBe(404);
    expect((await stockOf(h, admin, 'HG-CP-001')).onHand).toBe(60);
    const again = await h.app.wmsSync.runOnce();
    expect(again).toMatchObject({ status: 'ok', skusChanged: 0, driftUnits: 0 });
  });

  it('logs a failing or silent WMS as a failed run and changes nothing', async () => {
    wms.failNext(1, 'fail');
    const failed = await h.app.wmsSync.runOnce();
    expect(failed).toMatchObject({ status: 'failed', skusChanged: 0 });
    expect(failed.error).toMatch(/HTTP 503/);
    wms.failNext(1, 'timeout');
    const silent = await h.app.wmsSync.runOnce();
    expect(silent.status).toBe('failed');
    expect(silent.error).toMatch(/did not answer/);
    const runs = await h.as(admin, { method: 'GET', url: `/api/apps/${APP}/stock/wms-sync/runs?limit=2` });
    expect(runs.json().items.map((r: { status: string }) => r.status)).toEqual(['failed', 'failed']);
  });

  it('stock the WMS brings re-tries out-of-stock orders; the API runs a sync on demand', async () => {
    await setOnHand(h, admin, 'T-W3', 0);
    const order = await paidOrder(h, admin, [{ sku: 'T-W3', qty: 4 }]);
    expect(order.status).toBe('out_of_stock');
    const res = await h.as(admin, { method: 'POST', url: `/api/apps/${APP}/stock/wms-sync` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', drift: [{ sku: 'T-W3', before: 0, after: 5 }] });
    expect((await readOrder(h, admin, order.id)).status).toBe('pending_review');
    expect(await stockOf(h, admin, 'T-W3')).toMatchObject({ onHand: 5, reserved: 4 });
  });
});
