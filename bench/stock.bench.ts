/**
 * The stock pool: reservations per second under concurrency (8 callers at once), on SQLite and
 * on PostgreSQL, each beside the rate of the same number of bare conditional updates
 * (`UPDATE sc_stock SET reserved = reserved + q WHERE … AND on_hand - reserved - safety_stock >= q`,
 * raw SQL, one per statement, auto-committed) measured in the same run on the same database. A
 * reservation is a whole transaction of its own: the reservation rows (insert-or-ignore on the
 * line key: the idempotency), the conditional update per SKU, commit. The same inside a store
 * transaction (as the server runs it, beside the order's write) is printed too.
 */
import { openTestStore, testStores } from '@statecraft/store/testing';
import type { Store } from '@statecraft/store';
import { ratePerSecond, type Report } from './lib/report.ts';

const N = Number(process.env.BENCH_RESERVATIONS ?? 3000);
const CONCURRENCY = 8;
const SKUS = Array.from({ length: 50 }, (_, i) => `BENCH-${String(i).padStart(2, '0')}`);
const now = '2026-11-11T00:00:00.000Z';

async function inParallel(count: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}

async function measure(store: Store, label: string, report: Report, target: { minRatio: number } | undefined): Promise<void> {
  for (const sku of SKUS) await store.stock.adjust(store, { sku, onHand: 1_000_000_000, reason: 'bench', actor: 'bench', now });
  const bare = await ratePerSecond(N, () =>
    inParallel(N, async (i) => {
      // The leanest form: raw SQL, no query builder, auto-committed.
      const r = (await store.knex.raw('UPDATE sc_stock SET reserved = reserved + ?, updated_at = ? WHERE sku_code = ? AND warehouse = ? AND on_hand - reserved - safety_stock >= ?', [
        1,
        now,
        SKUS[i % SKUS.length]!,
        'main',
        1,
      ])) as { changes?: number; rowCount?: number };
      if ((r.changes ?? r.rowCount) !== 1) throw new Error('bare update found no stock');
    }),
  );
  const baseline = report.add(`stock.bare_conditional_update.${label}`, bare, 'updates/s');
  // The bare updates reserved without reservation rows: give the units back before measuring.
  await store.knex('sc_stock').whereIn('sku_code', SKUS).update({ reserved: 0 });
  let recordId = 0;
  const reservations = await ratePerSecond(N, () =>
    inParallel(N, async (i) => {
      const id = ++recordId;
      // One order line, all or nothing, in a transaction of its own.
      const r = await store.stock.reserve(store, { entity: 'order', recordId: id, lines: [{ key: '1', sku: SKUS[i % SKUS.length]!, qty: 1 }], now });
      if (!r.ok) throw new Error('reservation was short');
    }),
  );
  report.add(`stock.reserve.${label}`, reservations, 'reservations/s', { baseline, ...(target ? { target } : {}) });
  // The same inside a store transaction, as the server runs it beside the order's own write.
  const inCommand = await ratePerSecond(N, () =>
    inParallel(N, async (i) => {
      const id = ++recordId;
      const r = await store.transaction((tx) => tx.stock.reserve(tx, { entity: 'order', recordId: id, lines: [{ key: '1', sku: SKUS[i % SKUS.length]!, qty: 1 }], now }));
      if (!r.ok) throw new Error('reservation was short');
    }),
  );
  report.add(`stock.reserve_in_store_transaction.${label}`, inCommand, 'reservations/s', { baseline });
  const multi = await ratePerSecond(N / 3, () =>
    inParallel(Math.floor(N / 3), async (i) => {
      const id = ++recordId;
      const lines = [0, 1, 2].map((k) => ({ key: String(k), sku: SKUS[(i * 3 + k * 7) % SKUS.length]!, qty: 1 + k }));
      const r = await store.stock.reserve(store, { entity: 'order', recordId: id, lines, now });
      if (!r.ok) throw new Error('reservation was short');
    }),
  );
  report.add(`stock.reserve_3_lines.${label}`, multi, 'orders/s', { baseline });
  const check = await store.stock.reconcile();
  if (check.mismatches.length) throw new Error(`bench broke the invariant: ${JSON.stringify(check.mismatches.slice(0, 3))}`);
}

export async function run(report: Report): Promise<void> {
  for (const dialect of await testStores()) {
    const t = await openTestStore(dialect);
    try {
      await measure(t.store, dialect, report, dialect === 'sqlite' ? { minRatio: 0.33 } : undefined);
    } finally {
      await t.dispose();
    }
  }
}
