import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWmsSandbox, type WmsSandbox } from '../sandboxes/wms.ts';
import { WmsClient } from './wms-client.ts';
import { WmsError } from './wms-error.ts';

describe('WMS client against the WMS sandbox', () => {
  let wms: WmsSandbox;
  beforeAll(async () => {
    const stock: Record<string, number> = {};
    for (let i = 0; i < 250; i++) stock[`SKU-${String(i).padStart(3, '0')}`] = i;
    wms = await startWmsSandbox({ stock, token: 't0ken', timeoutHoldMs: 2_000 });
  });
  afterAll(() => wms.close());

  // A generous deadline for ordinary calls (a loaded CI machine is slow); the time-out case sets its own.
  const client = (extra: Partial<ConstructorParameters<typeof WmsClient>[0]> = {}) => new WmsClient({ baseUrl: wms.url, token: 't0ken', timeoutMs: 10_000, ...extra });

  it('reads stock by SKU list, chunked and paged, skipping SKUs the warehouse does not know', async () => {
    const skus = [...Array.from({ length: 130 }, (_, i) => `SKU-${String(i * 2).padStart(3, '0')}`), 'NOPE-1'];
    const before = wms.calls.stockQueries;
    const items = await client({ pageSize: 40 }).fetchStock({ skus });
    expect(items).toHaveLength(125); // SKU-000 … SKU-248 even, 125 of them; SKU-250+ and NOPE-1 unknown
    expect(items[0]).toEqual({ sku: 'SKU-000', onHand: 0 });
    expect(items.find((i) => i.sku === 'SKU-124')).toEqual({ sku: 'SKU-124', onHand: 124 });
    expect(wms.calls.stockQueries - before).toBe(4); // chunks of 40 SKUs: 40, 40, 40, 11 → one page each
    expect((await client().fetchStock()).length).toBe(250); // every SKU, 3 pages of 100
  });

  it('pushes an order and gets the same pick number for the same order', async () => {
    const order = { order_no: 'SO-1', lines: [{ sku_code: 'SKU-001', qty: 1 }] };
    const a = await client().pushOrder(order, 'order:1:v3:push_wms');
    const b = await client().pushOrder(order, 'order:1:v3:push_wms');
    expect(a.pickNo).toMatch(/^PK\d{8}$/);
    expect(b).toEqual(a);
    expect(wms.orders.get('SO-1')).toMatchObject({ pushes: 2, idempotencyKey: 'order:1:v3:push_wms' });
    await expect(client().pushOrder({ order_no: '', lines: [] })).rejects.toMatchObject({ code: 'WMS_REJECTED', kind: 'rejected' });
  });

  it('can be told to fail or to time out, and the client says which', async () => {
    wms.failNext(1, 'fail');
    await expect(client().fetchStock({ skus: ['SKU-001'] })).rejects.toMatchObject({ code: 'WMS_UNAVAILABLE', kind: 'transient' });
    wms.failNext(1, 'timeout'); // the sandbox holds the answer for 2 s
    await expect(client({ timeoutMs: 300 }).fetchStock({ skus: ['SKU-001'] })).rejects.toMatchObject({ code: 'WMS_TIMEOUT', kind: 'transient' });
    // The admin API does the same over HTTP, for npm start and other processes.
    const mode = await fetch(`${wms.url}/__admin/mode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'fail' }) });
    expect(mode.status).toBe(200);
    await expect(client().fetchStock({ skus: ['SKU-001'] })).rejects.toBeInstanceOf(WmsError);
    await fetch(`${wms.url}/__admin/mode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'ok' }) });
    await fetch(`${wms.url}/__admin/stock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: { 'SKU-001': 77 } }) });
    expect(await client().fetchStock({ skus: ['SKU-001'] })).toEqual([{ sku: 'SKU-001', onHand: 77 }]);
    const state = (await (await fetch(`${wms.url}/__admin/state`)).json()) as { mode: string };
    expect(state.mode).toBe('ok');
  });

  it('refuses calls without the token and unknown warehouses', async () => {
    await expect(client({ token: 'wrong' }).fetchStock({ skus: ['SKU-001'] })).rejects.toMatchObject({ code: 'WMS_REJECTED' });
    await expect(client().fetchStock({ warehouse: 'sh-02', skus: ['SKU-001'] })).rejects.toMatchObject({ code: 'WMS_REJECTED' });
  });
});
