/**
 * The platform spine: transitions through engine + store and through HTTP, and batched creation
 * of new orders, each beside the raw better-sqlite3 insert rate of the same order rows measured
 * in the same run on the same kind of database file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type Store } from '@statecraft/store';
import { build, installTemplate } from '@statecraft/server';
import { definition } from '@statecraft/template-oms';
import { postFromWorker } from './lib/http-load.ts';
import type { Report } from './lib/report.ts';

// Half through engine + store, half through HTTP: with 3,000 each timed part lasted under half a
// second, so one GC pause or scheduler hiccup moved a figure by a fifth.
const N_TRANSITIONS = Number(process.env.BENCH_TRANSITIONS ?? 6000);
const N_CREATE = Number(process.env.BENCH_CREATE ?? 40000);
// New orders created through createMany before the timed ones (not counted): the decision
// thread's start (about 0.4 s, once per process) and the JIT, as HTTP_WARM_UP does for requests.
const CREATE_WARM_UP = 3000;
// Requests in flight at once, as a busy shop's staff and integrations send them (keep-alive each).
const HTTP_CONCURRENCY = 16;
// Approvals sent through HTTP before the timed ones (not counted): the first requests compile the
// route's schemas and serializers and warm the JIT, which the engine+store part did for its own path.
const HTTP_WARM_UP = 300;

const PROVINCES = [['浙江省', '杭州市', '西湖区'], ['广东省', '深圳市', '南山区'], ['北京市', '北京市', '朝阳区'], ['四川省', '成都市', '武侯区']] as const;

/** A valid paid-looking order with 1–3 lines (money in fen), deterministic by index. */
export function benchOrder(i: number): Record<string, unknown> {
  const [province, city, district] = PROVINCES[i % PROVINCES.length]!;
  const lines = Array.from({ length: 1 + (i % 3) }, (_, k) => ({ sku_code: `HG-${(i + k) % 50}`, sku_name: '收纳盒', qty: 1 + ((i + k) % 3), unit_price: 1990 + k * 100 }));
  const goods = lines.reduce((s, l) => s + l.qty * l.unit_price, 0);
  return {
    order_no: `BN${String(i).padStart(9, '0')}`,
    channel: ['taobao', 'jd', 'pdd', 'wechat'][i % 4],
    shop_tag: '淘宝天猫店',
    source_order_id: `S${i}`,
    buyer_nick: `buyer_${i % 997}`,
    receiver_name: '林**',
    receiver_phone: '138****6621',
    ship_to: { province, city, district, detail: `文三路 ${i % 500} 号` },
    lines,
    goods_amount: goods,
    paid_amount: goods,
    ordered_at: new Date(Date.UTC(2026, 10, 11) + i * 1000).toISOString(),
  };
}

async function openSqlite(dir: string, name: string): Promise<Store> {
  const store = await openStore(`sqlite:${join(dir, name)}`);
  await store.migrate();
  return store;
}

/** A database file with the template's tables (the same columns and indexes as the real one). */
async function templateDatabase(dir: string, name: string): Promise<string> {
  const store = await openSqlite(dir, name);
  await store.applyDefinition(definition, { defVersion: 1 });
  await store.close();
  return join(dir, name);
}

function openRaw(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

const ORDER_COLUMNS = ['order_no', 'channel', 'shop_tag', 'source_order_id', 'buyer_nick', 'receiver_name', 'receiver_phone', 'ship_to_province', 'ship_to_city', 'ship_to_district', 'ship_to_detail', 'goods_amount', 'paid_amount', 'ordered_at', 'status', '_version', '_def_version', '_created_at', '_updated_at'];

function orderValues(r: Record<string, unknown>, now: string): unknown[] {
  const a = r.ship_to as Record<string, string>;
  return [r.order_no, r.channel, r.shop_tag, r.source_order_id, r.buyer_nick, r.receiver_name, r.receiver_phone, a.province, a.city, a.district, a.detail, r.goods_amount, r.paid_amount, r.ordered_at, 'pending_review', 1, 1, now, now];
}

/**
 * The baseline: raw better-sqlite3 inserting the same order rows into the same table
 * (same columns, same indexes), one prepared INSERT per row, each its own transaction.
 */
function rawInsertRate(file: string, rows: Record<string, unknown>[]): number {
  const db = openRaw(file);
  const insert = db.prepare(`INSERT INTO e_order (${ORDER_COLUMNS.join(', ')}) VALUES (${ORDER_COLUMNS.map(() => '?').join(', ')})`);
  const now = new Date().toISOString();
  const start = process.hrtime.bigint();
  for (const r of rows) insert.run(...orderValues(r, now));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return rows.length / seconds;
}

/**
 * For context: raw better-sqlite3 writing exactly what one approval writes (the order row's
 * update, an audit row, an outbox row) in one transaction, with prepared statements.
 */
function rawTransitionWritesRate(file: string, ids: number[]): number {
  const db = openRaw(file);
  const update = db.prepare("UPDATE e_order SET status = 'reviewed', reviewed_at = ?, _updated_at = ?, _updated_by = 'sup1', _version = _version + 1 WHERE id = ? AND _version = 1");
  const audit = db.prepare("INSERT INTO sc_audit (action, actor, after, at, before, def_version, details, entity, record_id, transition_id) VALUES ('transition', 'sup1', ?, ?, ?, 1, ?, 'order', ?, 'approve')");
  const outbox = db.prepare("INSERT INTO sc_outbox (attempts, created_at, idempotency_key, kind, next_attempt_at, payload, status) VALUES (0, ?, ?, 'http', ?, ?, 'pending') ON CONFLICT (idempotency_key) DO NOTHING");
  const write = db.transaction((id: number) => {
    const now = new Date().toISOString();
    update.run(now, now, id);
    audit.run(JSON.stringify({ status: 'reviewed', reviewed_at: now }), now, JSON.stringify({ status: 'pending_review', reviewed_at: null }), '{"command":"transition"}', id);
    outbox.run(now, `raw:${id}`, now, JSON.stringify(benchOrder(id)));
  });
  const start = process.hrtime.bigint();
  for (const id of ids) write(id);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return ids.length / seconds;
}

/**
 * For context: raw better-sqlite3 writing exactly what a batched creation writes (each order
 * row, its lines, a create audit row with the order as JSON) in transactions of 1,000 orders,
 * with prepared statements: the floor the database and disk set for `createMany`.
 */
function rawCreateWritesRate(file: string, rows: Record<string, unknown>[]): number {
  const db = openRaw(file);
  const insert = db.prepare(`INSERT INTO e_order (${ORDER_COLUMNS.join(', ')}) VALUES (${ORDER_COLUMNS.map(() => '?').join(', ')})`);
  const line = db.prepare('INSERT INTO e_order_line (parent_id, line_no, sku_code, sku_name, qty, unit_price, amount, gift, _version, _def_version, _created_at, _updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1, 1, ?, ?)');
  const audit = db.prepare("INSERT INTO sc_audit (entity, record_id, action, actor, at, after, details, def_version) VALUES ('order', ?, 'create', 'intake', ?, ?, '{\"command\":\"create\"}', 1)");
  const write = db.transaction((batch: Record<string, unknown>[], now: string) => {
    for (const r of batch) {
      const id = insert.run(...orderValues(r, now)).lastInsertRowid;
      (r.lines as { sku_code: string; sku_name: string; qty: number; unit_price: number }[]).forEach((l, k) => line.run(id, k + 1, l.sku_code, l.sku_name, l.qty, l.unit_price, l.qty * l.unit_price, now, now));
      audit.run(id, now, JSON.stringify(r));
    }
  });
  const start = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += 1000) write(rows.slice(i, i + 1000), new Date().toISOString());
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return rows.length / seconds;
}

export async function run(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'statecraft-bench-'));
  try {
    const rows = Array.from({ length: N_TRANSITIONS }, (_, i) => benchOrder(i));
    const raw = report.add('spine.raw_insert.sqlite', rawInsertRate(await templateDatabase(dir, 'raw.db'), rows), 'rows/s');

    const store = await openSqlite(dir, 'spine.db');
    const app = await build({ store, docs: false, auth: { passwordCost: 1024 } });
    await installTemplate(app, { records: false, adminPassword: 'bench-Admin-1', demoPassword: 'bench-Demo-1' });
    const oms = app.apps.get('ecommerce_oms');
    const meta = { actor: 'bench', now: new Date().toISOString(), defVersion: oms.version };

    // Orders waiting for review, written in bulk; then the supervisor approves each one: guard,
    // set_field, state write with version check, audit row, outbox row (the WMS push).
    const pending = rows.map((r) => ({ ...r, status: 'pending_review' }));
    const ids = await store.records.insertMany('order', pending, meta);
    const warmIds = await store.records.insertMany('order', Array.from({ length: HTTP_WARM_UP }, (_, i) => ({ ...benchOrder(500_000 + i), status: 'pending_review' })), meta);
    const rawWrites = report.add('spine.raw_transition_writes.sqlite', rawTransitionWritesRate(join(dir, 'raw.db'), Array.from({ length: rows.length }, (_, i) => i + 1)), 'tx/s');
    const supervisor = { id: 'sup1', userId: null, displayName: 'bench', roles: ['ops_supervisor'], via: 'system' as const };
    const half = Math.floor(ids.length / 2);
    const start = process.hrtime.bigint();
    for (const id of ids.slice(0, half)) await app.commands.transition(oms, supervisor, 'order', id, 1, 'approve');
    let seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const engineRate = half / seconds;
    report.add('spine.transition.engine+store.sqlite', engineRate, 'transitions/s', { baseline: raw, target: { minRatio: 0.25 } });
    report.add('spine.transition.engine+store.sqlite.vs_raw_writes', engineRate, 'transitions/s', { baseline: rawWrites });

    // The same through HTTP: a real listening server, keep-alive, HTTP_CONCURRENCY requests in flight.
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor1', password: 'bench-Demo-1' }) });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    if (!login.ok || !cookie) throw new Error(`bench login failed: ${login.status} ${await login.text()}`);
    // The client runs in its own thread: the server's event loop serves requests and nothing else.
    const approve = (id: number) => ({ url: `${base}/api/apps/ecommerce_oms/records/order/${id}/transitions/approve`, body: { version: 1 } });
    await postFromWorker(warmIds.map(approve), { cookie }, HTTP_CONCURRENCY);
    seconds = await postFromWorker(ids.slice(half).map(approve), { cookie }, HTTP_CONCURRENCY);
    report.add('spine.transition.http.sqlite', (ids.length - half) / seconds, 'transitions/s', { baseline: raw, target: { minRatio: 0.25 } });

    // Batched creation through the product path (`CommandRunner.createMany`, behind
    // POST /records/order/batch): every new order decided by the engine (checks, defaults,
    // computed fields, initial state, created rules) on the decision thread, chunk by chunk,
    // while the chunks already decided are written with their lines and audit rows, 1,000
    // orders a transaction.
    const createRows = Array.from({ length: N_CREATE }, (_, i) => benchOrder(1_000_000 + i));
    const rawCreate = report.add('spine.raw_create_writes.sqlite', rawCreateWritesRate(await templateDatabase(dir, 'raw-create.db'), createRows.map((r) => ({ ...r, order_no: `R${r.order_no}` }))), 'orders/s');
    const intake = { id: 'intake', userId: null, displayName: 'bench', roles: ['admin'], via: 'system' as const };
    const warmRows = Array.from({ length: CREATE_WARM_UP }, (_, i) => benchOrder(3_000_000 + i));
    for (let i = 0; i < warmRows.length; i += 1000) await app.commands.createMany(oms, intake, 'order', warmRows.slice(i, i + 1000));
    const createStart = process.hrtime.bigint();
    for (let i = 0; i < createRows.length; i += 1000) await app.commands.createMany(oms, intake, 'order', createRows.slice(i, i + 1000));
    seconds = Number(process.hrtime.bigint() - createStart) / 1e9;
    report.add('spine.create.batched.sqlite', createRows.length / seconds, 'orders/s', { baseline: raw, target: { min: 20000 } });
    report.add('spine.create.batched.sqlite.vs_raw_writes', createRows.length / seconds, 'orders/s', { baseline: rawCreate });
    // Closed only now: closing the app also ends its decision thread, which createMany uses.
    await app.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
