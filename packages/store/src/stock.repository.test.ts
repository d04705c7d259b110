import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './store.ts';
import { openTestStore, testStores, type TestStore } from './testing.ts';

const now = '2024-11-11T00:00:00.000Z';
const by = { actor: 'u-test', now };

/** A small seeded PRNG (mulberry32): the same seed gives the same run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(await testStores())('StockRepository on %s', (dialect) => {
  let t: TestStore;
  let store: Store;
  beforeAll(async () => {
    t = await openTestStore(dialect);
    store = t.store;
  });
  afterEach(async () => {
    // Every stock test ends with the invariant.
    const r = await store.stock.reconcile();
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, mismatches: [], overReserved: [], orphans: [] });
  });
  afterAll(() => t.dispose());

  it('reserves all lines in one go, and reserving again is a no-op', async () => {
    await store.stock.adjust(store, { sku: 'A-1', delta: 10, reason: '采购入库', ...by });
    await store.stock.adjust(store, { sku: 'A-2', delta: 5, reason: '采购入库', ...by });
    const lines = [
      { key: '1', sku: 'A-2', qty: 2 },
      { key: '2', sku: 'A-1', qty: 3 },
      { key: '3', sku: 'A-1', qty: 1 },
    ];
    const first = await store.transaction((tx) => tx.stock.reserve(tx, { entity: 'order', recordId: 1, lines, now }));
    expect(first).toMatchObject({ ok: true, newlyReserved: 3, presale: false });
    const again = await store.transaction((tx) => tx.stock.reserve(tx, { entity: 'order', recordId: 1, lines, now }));
    expect(again).toMatchObject({ ok: true, newlyReserved: 0 });
    expect(await store.stock.get('A-1')).toMatchObject({ onHand: 10, reserved: 4, available: 6 });
    expect(await store.stock.get('A-2')).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
    expect((await store.stock.reservationsOf('order', 1)).map((r) => [r.lineKey, r.sku, r.qty, r.status])).toEqual([
      ['1', 'A-2', 2, 'active'],
      ['2', 'A-1', 3, 'active'],
      ['3', 'A-1', 1, 'active'],
    ]);
  });

  it('reserves nothing when one line is short, and names every short SKU', async () => {
    await store.stock.adjust(store, { sku: 'B-1', delta: 3, reason: 'count', ...by });
    await store.stock.adjust(store, { sku: 'B-2', delta: 1, reason: 'count', ...by });
    await store.stock.adjust(store, { sku: 'B-3', delta: 9, reason: 'count', ...by });
    const r = await store.transaction((tx) =>
      tx.stock.reserve(tx, {
        entity: 'order',
        recordId: 2,
        lines: [
          { key: 'a', sku: 'B-1', qty: 2 },
          { key: 'b', sku: 'B-2', qty: 4 },
          { key: 'c', sku: 'B-3', qty: 1 },
          { key: 'd', sku: 'B-9', qty: 1 },
        ],
        now,
      }),
    );
    expect(r).toEqual({
      ok: false,
      short: [
        { sku: 'B-2', warehouse: 'main', requested: 4, available: 1 },
        { sku: 'B-9', warehouse: 'main', requested: 1, available: 0 },
      ],
    });
    for (const sku of ['B-1', 'B-2', 'B-3']) expect((await store.stock.get(sku))!.reserved).toBe(0);
    expect(await store.stock.reservationsOf('order', 2)).toEqual([]);
  });

  it('keeps safety stock out of reach', async () => {
    await store.stock.adjust(store, { sku: 'S-1', delta: 10, reason: 'count', ...by });
    await store.stock.configure(store, { sku: 'S-1', safetyStock: 4, ...by });
    const over = await store.stock.reserve(store, { entity: 'order', recordId: 3, lines: [{ key: '1', sku: 'S-1', qty: 7 }], now });
    expect(over).toMatchObject({ ok: false, short: [{ sku: 'S-1', requested: 7, available: 6 }] });
    expect(await store.stock.reserve(store, { entity: 'order', recordId: 3, lines: [{ key: '1', sku: 'S-1', qty: 6 }], now })).toMatchObject({ ok: true });
  });

  it('presale: takes orders beyond stock up to the cap, flagged with the ship date', async () => {
    await store.stock.adjust(store, { sku: 'P-1', delta: 2, reason: 'count', ...by });
    await store.stock.configure(store, { sku: 'P-1', presale: { enabled: true, cap: 5, shipDate: '2024-12-01' }, ...by });
    const inStock = await store.stock.reserve(store, { entity: 'order', recordId: 10, lines: [{ key: '1', sku: 'P-1', qty: 2 }], now });
    expect(inStock).toMatchObject({ ok: true, presale: false, presaleShipDate: null });
    const pre = await store.stock.reserve(store, { entity: 'order', recordId: 11, lines: [{ key: '1', sku: 'P-1', qty: 4 }], now });
    expect(pre).toMatchObject({ ok: true, presale: true, presaleShipDate: '2024-12-01', reservations: [{ presale: true, qty: 4 }] });
    const beyond = await store.stock.reserve(store, { entity: 'order', recordId: 12, lines: [{ key: '1', sku: 'P-1', qty: 2 }], now });
    expect(beyond).toMatchObject({ ok: false, short: [{ sku: 'P-1', requested: 2, available: 1 }] });
    expect(await store.stock.get('P-1')).toMatchObject({ onHand: 2, reserved: 6, presale: { enabled: true, cap: 5, shipDate: '2024-12-01' } });
    // Turning presale off does not take back what was promised; it stops new presale orders.
    await store.stock.configure(store, { sku: 'P-1', presale: { enabled: false }, ...by });
    expect(await store.stock.reserve(store, { entity: 'order', recordId: 13, lines: [{ key: '1', sku: 'P-1', qty: 1 }], now })).toMatchObject({ ok: false });
    await store.stock.configure(store, { sku: 'P-1', presale: { enabled: true }, ...by });
  });

  it('releases on cancel and commits on ship, each idempotent', async () => {
    await store.stock.adjust(store, { sku: 'R-1', delta: 8, reason: 'count', ...by });
    await store.stock.reserve(store, { entity: 'order', recordId: 20, lines: [{ key: '1', sku: 'R-1', qty: 3 }], now });
    await store.stock.reserve(store, { entity: 'order', recordId: 21, lines: [{ key: '1', sku: 'R-1', qty: 2 }], now });
    expect(await store.transaction((tx) => tx.stock.release(tx, { entity: 'order', recordId: 20, now }))).toHaveLength(1);
    expect(await store.stock.release(store, { entity: 'order', recordId: 20, now })).toEqual([]);
    expect(await store.stock.get('R-1')).toMatchObject({ onHand: 8, reserved: 2 });
    expect(await store.stock.commit(store, { entity: 'order', recordId: 21, now, actor: 'u-ship' })).toHaveLength(1);
    expect(await store.stock.commit(store, { entity: 'order', recordId: 21, now })).toEqual([]);
    expect(await store.stock.get('R-1')).toMatchObject({ onHand: 6, reserved: 0, available: 6 });
    expect((await store.stock.movements('R-1'))[0]).toMatchObject({ kind: 'ship', delta: -2, onHandAfter: 6, ref: 'order:21', actor: 'u-ship' });
    // A released line may be reserved again (an order brought back), a committed one never.
    expect(await store.stock.reserve(store, { entity: 'order', recordId: 20, lines: [{ key: '1', sku: 'R-1', qty: 1 }], now })).toMatchObject({ ok: true, newlyReserved: 1 });
    expect(await store.stock.reserve(store, { entity: 'order', recordId: 21, lines: [{ key: '1', sku: 'R-1', qty: 2 }], now })).toMatchObject({ ok: true, newlyReserved: 0 });
    await store.stock.release(store, { entity: 'order', recordId: 20, now });
  });

  it('adjusts with a reason, never below zero, and logs every movement', async () => {
    await expect(store.stock.adjust(store, { sku: 'M-1', delta: 5, reason: ' ', ...by })).rejects.toMatchObject({ code: 'STOCK_REASON_REQUIRED' });
    await expect(store.stock.adjust(store, { sku: 'M-1', reason: 'x', ...by })).rejects.toMatchObject({ code: 'STOCK_INVALID_ADJUSTMENT' });
    await store.stock.adjust(store, { sku: 'M-1', delta: 5, reason: '采购入库 PO-1', ...by });
    await expect(store.stock.adjust(store, { sku: 'M-1', delta: -6, reason: '报损', ...by })).rejects.toMatchObject({ code: 'STOCK_NEGATIVE' });
    await store.stock.adjust(store, { sku: 'M-1', onHand: 3, reason: '盘点', ...by });
    expect((await store.stock.movements('M-1')).map((m) => [m.kind, m.delta, m.onHandAfter, m.reason])).toEqual([
      ['adjust', -2, 3, '盘点'],
      ['adjust', 5, 5, '采购入库 PO-1'],
    ]);
    await expect(store.stock.reserve(store, { entity: 'order', recordId: 30, lines: [{ key: '1', sku: 'M-1', qty: 0 }], now })).rejects.toMatchObject({ code: 'STOCK_INVALID_LINE' });
  });

  it('the database refuses a write that would oversell, whatever the caller does', async () => {
    await store.stock.adjust(store, { sku: 'X-1', delta: 2, reason: 'count', ...by });
    await expect(store.knex('sc_stock').where({ sku_code: 'X-1' }).update({ reserved: 3 })).rejects.toThrow(/STOCK_OVERSOLD/);
    await expect(store.knex('sc_stock').where({ sku_code: 'X-1' }).update({ reserved: -1 })).rejects.toThrow();
  });

  it('applies a WMS snapshot to on hand without touching reservations, reporting drift', async () => {
    await store.stock.adjust(store, { sku: 'W-1', delta: 10, reason: 'count', ...by });
    await store.stock.reserve(store, { entity: 'order', recordId: 40, lines: [{ key: '1', sku: 'W-1', qty: 4 }], now });
    const run = await store.stock.startSyncRun(store, { now });
    const result = await store.transaction((tx) =>
      tx.stock.applyWmsSnapshot(tx, { items: [{ sku: 'W-1', onHand: 7 }, { sku: 'W-2', onHand: 3 }, { sku: 'W-3', onHand: 0 }], now, ref: `wms_sync:${run}` }),
    );
    await store.stock.finishSyncRun(store, run, { now, result });
    expect(result).toEqual({
      seen: 3,
      changed: 3,
      driftUnits: 6,
      drift: [
        { sku: 'W-1', before: 10, after: 7 },
        { sku: 'W-2', before: null, after: 3 },
        { sku: 'W-3', before: null, after: 0 },
      ],
    });
    expect(await store.stock.get('W-1')).toMatchObject({ onHand: 7, reserved: 4, available: 3 });
    expect((await store.stock.syncRuns())[0]).toMatchObject({ id: run, status: 'ok', skusSeen: 3, skusChanged: 3, driftUnits: 6 });
    const same = await store.stock.applyWmsSnapshot(store, { items: [{ sku: 'W-1', onHand: 7 }], now });
    expect(same).toMatchObject({ seen: 1, changed: 0, driftUnits: 0 });
    await store.stock.release(store, { entity: 'order', recordId: 40, now });
  });

  it('knows which recorded shortages the stock now covers', async () => {
    await store.stock.adjust(store, { sku: 'C-1', delta: 1, reason: 'count', ...by });
    const short = await store.stock.reserve(store, { entity: 'order', recordId: 50, lines: [{ key: '1', sku: 'C-1', qty: 3 }], now });
    if (short.ok) throw new Error('expected short');
    await store.stock.recordShortage(store, { entity: 'order', recordId: 50, short: short.short, now });
    expect(await store.stock.shortagesOf('order', 50)).toEqual([{ sku: 'C-1', warehouse: 'main', requested: 3, available: 1, at: now }]);
    expect(await store.stock.coveredShortages('order')).not.toContain(50);
    await store.stock.adjust(store, { sku: 'C-1', delta: 2, reason: '到货', ...by });
    expect(await store.stock.coveredShortages('order')).toContain(50);
    await store.stock.clearShortage(store, 'order', 50);
    expect(await store.stock.shortagesOf('order', 50)).toEqual([]);
  });

  it('never oversells under concurrent reservations from two connections', async () => {
    // SQLite in one process: a second connection would block the event loop on the write lock
    // (better-sqlite3 is synchronous), so concurrency there is the one connection's queue;
    // separate processes are covered by the server's property test.
    const other = dialect === 'postgres' ? await t.openAnother() : store;
    const skus = Array.from({ length: 8 }, (_, i) => `HOT-${String(i).padStart(2, '0')}`);
    for (const sku of skus) await store.stock.adjust(store, { sku, delta: 20, reason: 'count', ...by });
    const random = prng(42);
    const orders = Array.from({ length: 120 }, (_, i) => ({
      id: 1000 + i,
      lines: Array.from({ length: 1 + Math.floor(random() * 3) }, (_, l) => ({ key: String(l), sku: skus[Math.floor(random() * skus.length)]!, qty: 1 + Math.floor(random() * 4) })),
      cancel: random() < 0.2,
    }));
    const outcomes = await Promise.all(
      orders.map(async (o, i) => {
        const s = i % 2 ? other : store;
        const r = await s.transaction((tx) => tx.stock.reserve(tx, { entity: 'order', recordId: o.id, lines: o.lines, now }));
        if (r.ok && o.cancel) await s.transaction((tx) => tx.stock.release(tx, { entity: 'order', recordId: o.id, now }));
        return r.ok;
      }),
    );
    expect(outcomes.filter(Boolean).length).toBeGreaterThan(10);
    expect(outcomes.filter((ok) => !ok).length).toBeGreaterThan(10);
    for (const sku of skus) {
      const level = (await store.stock.get(sku))!;
      expect(level.reserved).toBeLessThanOrEqual(level.onHand);
    }
    // Every order holds all of its lines or none.
    for (const o of orders) {
      const active = (await store.stock.reservationsOf('order', o.id)).filter((r) => r.status === 'active');
      expect([0, o.cancel ? 0 : o.lines.length]).toContain(active.length);
    }
  });
});
