/**
 * The operations workspace at 1,000,000 orders on SQLite (issue 6): the list's first page, a
 * filtered page and a deep page through the HTTP API (p95 < 100 ms each), and the dashboard's
 * figures (p95 < 200 ms). Each figure is printed beside the raw SQL of the same query, timed
 * in the same run. Orders are written with the store's insertMany (one line each).
 *
 * BENCH_WORKSPACE_ORDERS overrides the number of orders (default 1,000,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@statecraft/store';
import { build, installTemplate } from '@statecraft/server';
import type { Report } from './lib/report.ts';

const ORDERS = Number(process.env.BENCH_WORKSPACE_ORDERS ?? 1_000_000);
const DAYS = 200;
const RUNS = 60;
const PASSWORD = 'bench-Passw0rd!';
const CHANNELS = ['taobao', 'jd', 'pdd', 'wechat', 'douyin', 'manual'];
// A realistic spread: most orders are long done, a few thousand are open.
const STATES: [string, number][] = [['completed', 0.8], ['shipped', 0.08], ['cancelled', 0.05], ['waybill_printed', 0.02], ['reviewed', 0.02], ['pending_review', 0.015], ['out_of_stock', 0.005], ['paid', 0.005], ['pending_payment', 0.005]];

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await fn(); // warm caches and compiled statements
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return p95(samples);
}

/** A deterministic generator (mulberry32): the same data every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function run(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'statecraft-bench-ws-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.db')}`);
  await store.migrate();
  const now = new Date();
  const app = await build({ store, docs: false, auth: { passwordCost: 1024 } });
  try {
    await installTemplate(app, { adminPassword: PASSWORD, demoPassword: PASSWORD, records: false });

    // ── 1,000,000 orders through insertMany ────────────────────────────────────────────────
    const rnd = random(6);
    const started = performance.now();
    const CHUNK = 5000;
    for (let done = 0; done < ORDERS; done += CHUNK) {
      const rows = [];
      for (let i = done; i < Math.min(ORDERS, done + CHUNK); i++) {
        // Newer orders are denser: roughly 5,000 a day at the recent end.
        const ordered = new Date(now.getTime() - Math.floor(Math.pow(rnd(), 1.5) * DAYS * 86_400_000));
        let r = rnd();
        let status = STATES[0]![0];
        for (const [s, share] of STATES) {
          if ((r -= share) <= 0) { status = s; break; }
        }
        const paid = status === 'pending_payment' ? null : new Date(ordered.getTime() + 60_000 + Math.floor(rnd() * 600_000));
        const shipped = ['shipped', 'completed'].includes(status) && paid ? new Date(paid.getTime() + Math.floor((4 + rnd() * 40) * 3_600_000)) : null;
        const price = 990 + Math.floor(rnd() * 50_000);
        rows.push({
          order_no: `SO${String(i).padStart(9, '0')}`,
          channel: CHANNELS[i % CHANNELS.length]!,
          shop_tag: '淘宝天猫店',
          source_order_id: `SRC${i}`,
          buyer_nick: `buyer_${i % 200_000}`,
          receiver_name: '张*',
          receiver_phone: `138${String(i % 100_000_000).padStart(8, '0')}`,
          ship_to: { province: '浙江省', city: '杭州市', district: '西湖区', detail: `文三路 ${i % 999} 号` },
          lines: [{ sku_code: `SKU-${i % 500}`, sku_name: '商品', qty: 1, unit_price: price, amount: price, gift: false }],
          goods_amount: price,
          discount_amount: 0,
          post_fee: 0,
          paid_amount: price,
          item_count: 1,
          ordered_at: ordered.toISOString(),
          paid_at: paid?.toISOString() ?? null,
          shipped_at: shipped?.toISOString() ?? null,
          status,
        });
      }
      await store.records.insertMany('order', rows, { actor: 'bench', now: now.toISOString(), defVersion: 1 });
    }
    const insertSeconds = (performance.now() - started) / 1000;
    await store.knex.raw('ANALYZE');
    report.add('workspace.insertMany orders', ORDERS / insertSeconds, 'orders/s');

    // ── Through the HTTP API, as the browser calls it ──────────────────────────────────────
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor1', password: PASSWORD }) });
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('sc_session='))!.split(';')[0]!;
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ items: unknown[]; next: string | null }>;
    };
    const ORDERS_URL = '/api/apps/ecommerce_oms/records/order';
    const raw = (sql: string, bindings: unknown[] = []) => () => store.knex.raw(sql, bindings as never);

    // Baselines: the same queries as bare SQL on the same connection.
    const rawFirst = await timeIt(raw('SELECT * FROM e_order ORDER BY ordered_at DESC, id DESC LIMIT 50'));
    const rawFiltered = await timeIt(raw("SELECT * FROM e_order WHERE status = 'pending_review' ORDER BY ordered_at DESC, id DESC LIMIT 50"));
    const fRawFirst = report.add('workspace.raw SQL first page', rawFirst, 'ms p95');
    const fRawFiltered = report.add('workspace.raw SQL filtered page', rawFiltered, 'ms p95');

    const first = await timeIt(() => get(`${ORDERS_URL}?sort=-ordered_at&limit=50`));
    report.add('workspace.HTTP first page (50, newest first)', first, 'ms p95', { baseline: fRawFirst, target: { max: 100 } });
    const filtered = await timeIt(() => get(`${ORDERS_URL}?filter[status]=pending_review&sort=-ordered_at&limit=50`));
    report.add('workspace.HTTP filtered page (待审核)', filtered, 'ms p95', { baseline: fRawFiltered, target: { max: 100 } });
    const searched = await timeIt(() => get(`${ORDERS_URL}?filter[receiver_phone][prefix]=1380001&sort=-ordered_at&limit=50`));
    report.add('workspace.HTTP search page (phone prefix)', searched, 'ms p95', { baseline: fRawFirst, target: { max: 100 } });

    // A deep page: follow the cursors 200,000 rows down (1,000 pages of 200), then time that page.
    let cursor: string | null = null;
    const depth = Math.min(1000, Math.floor(ORDERS / 200) - 1);
    for (let i = 0; i < depth; i++) cursor = (await get(`${ORDERS_URL}?sort=-ordered_at&limit=200${cursor ? `&after=${cursor}` : ''}`)).next;
    const deep = await timeIt(() => get(`${ORDERS_URL}?sort=-ordered_at&limit=50&after=${cursor}`));
    const offset = depth * 200;
    const rawOffset = await timeIt(raw(`SELECT * FROM e_order ORDER BY ordered_at DESC, id DESC LIMIT 50 OFFSET ${offset}`));
    const fRawOffset = report.add(`workspace.raw SQL OFFSET ${offset.toLocaleString('en-US')} page (what keyset avoids)`, rawOffset, 'ms p95');
    report.add(`workspace.HTTP deep page (${offset.toLocaleString('en-US')} rows down, keyset)`, deep, 'ms p95', { baseline: fRawOffset, target: { max: 100 } });

    // ── The dashboard ──────────────────────────────────────────────────────────────────────
    // Midnight in Asia/Shanghai (UTC+8, no daylight saving), the template dashboard's zone.
    const startOfDay = new Date(Math.floor((now.getTime() + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000);
    const rawToday = await timeIt(raw('SELECT count(*) FROM e_order WHERE ordered_at >= ?', [startOfDay.toISOString()]));
    const fRawToday = report.add("workspace.raw SQL today's order count", rawToday, 'ms p95');
    let tookMs = 0;
    const dashboard = await timeIt(async () => {
      const d = (await get('/api/apps/ecommerce_oms/dashboards/ops_overview/data')) as unknown as { tookMs: number };
      tookMs = d.tookMs;
    });
    report.add('workspace.dashboard figures (7 widgets, HTTP)', dashboard, 'ms p95', { baseline: fRawToday, target: { max: 200 } });
    console.log(`  (last dashboard computation inside the server: ${tookMs} ms)`);
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
