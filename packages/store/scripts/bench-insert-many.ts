/**
 * insertMany against raw better-sqlite3 on the same schema: orders with 2–3 lines, one
 * transaction per batch, a WAL database in a temp file. Prints orders per second and the ratio.
 *
 *   npx tsx packages/store/scripts/bench-insert-many.ts [orders=20000] [batch=1000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sampleOrder, shopDefinition } from '../src/fixture-definition.ts';
import { openStore } from '../src/store.ts';

const total = Number(process.argv[2] ?? 20_000);
const batch = Number(process.argv[3] ?? 1000);
const meta = { actor: 'bench', now: '2024-11-11T00:00:00.000Z', defVersion: 1 };

function orders(offset: number, n: number): Record<string, any>[] {
  return Array.from({ length: n }, (_, i) => {
    const o = sampleOrder(offset + i);
    const lines = o.lines as object[];
    return { ...o, lines: (offset + i) % 2 === 0 ? lines : [...lines, { sku: 'C-3', qty: 1, price: 990 }] };
  });
}

const dir = mkdtempSync(join(tmpdir(), 'statecraft-bench-'));
try {
  const store = await openStore(`sqlite:${join(dir, 'store.db')}`);
  await store.migrate();
  await store.applyDefinition(shopDefinition(), { defVersion: 1 });
  const data = orders(0, total);
  let t0 = performance.now();
  for (let i = 0; i < total; i += batch) await store.records.insertMany('order', data.slice(i, i + batch), meta);
  const storeMs = performance.now() - t0;
  await store.close();

  // The same tables, filled by hand-written prepared statements: the floor to compare with.
  const rawStore = await openStore(`sqlite:${join(dir, 'raw.db')}`);
  await rawStore.migrate();
  await rawStore.applyDefinition(shopDefinition(), { defVersion: 1 });
  await rawStore.close();
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const cols = ['_version', '_def_version', '_created_at', '_updated_at', '_created_by', '_updated_by', 'order_no', 'buyer', 'phone', 'channel', 'ship_to_province', 'ship_to_city', 'ship_to_district', 'ship_to_detail', 'ship_to_zip', 'paid', 'qty_total', 'weight', 'gift', 'order_date', 'paid_at', 'tags', 'total', 'status'];
  const insertOrder = db.prepare(`INSERT INTO e_order (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
  const insertLine = db.prepare(`INSERT INTO e_order_line (_version, _def_version, _created_at, _updated_at, _created_by, _updated_by, parent_id, line_no, sku, qty, price) VALUES (1, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertBatch = db.transaction((rows: ReturnType<typeof orders>) => {
    for (const o of rows) {
      const a = o.ship_to as Record<string, string>;
      const { lastInsertRowid } = insertOrder.run(1, 1, meta.now, meta.now, 'bench', 'bench', o.order_no, o.buyer, o.phone, o.channel, a.province, a.city, a.district, a.detail, a.zip, o.paid, o.qty_total, o.weight, o.gift ? 1 : 0, o.order_date, new Date(o.paid_at as string).toISOString(), JSON.stringify(o.tags), o.total, o.status);
      (o.lines as { sku: string; qty: number; price: number }[]).forEach((l, i) => insertLine.run(meta.now, meta.now, 'bench', 'bench', lastInsertRowid, i + 1, l.sku, l.qty, l.price));
    }
  });
  t0 = performance.now();
  for (let i = 0; i < total; i += batch) insertBatch(data.slice(i, i + batch));
  const rawMs = performance.now() - t0;
  db.close();

  const rate = (ms: number) => Math.round((total / ms) * 1000);
  console.log(JSON.stringify({ orders: total, batch, storeOrdersPerSecond: rate(storeMs), rawOrdersPerSecond: rate(rawMs), storeToRaw: Number((rawMs / storeMs).toFixed(2)) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
