/**
 * The OMS alert rules at 1,000,000 stored orders (issue 7): the cost per order of creating it and
 * paying it with every template rule evaluated — facts included (same buyer in 24 h, similar
 * address in 72 h, stock of its lines) — beside the same commands with the rules removed, on
 * the same database in the same run. Target: ≤ 1.5× the no-rules cost.
 *
 * BENCH_ALERTS_ORDERS overrides the number of stored orders (default 1,000,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@statecraft/store';
import { build, installTemplate, loadApp, type LoadedApp } from '@statecraft/server';
import type { Report } from './lib/report.ts';

const ORDERS = Number(process.env.BENCH_ALERTS_ORDERS ?? 1_000_000);
const MEASURED = 1000;
const BLOCK = 100;
const DAYS = 200;
const CHANNELS = ['taobao', 'jd', 'pdd', 'wechat', 'douyin'];
const PROVINCES = ['浙江省', '江苏省', '广东省', '上海市', '北京市', '四川省', '湖北省', '山东省', '福建省', '河南省'];
const STREETS = ['文三路', '中山北路', '天河北路', '人民路', '解放路', '建设路', '长江路', '和平路'];
const SKUS = 500;
const DISTRICTS = 300;
const BUYERS = 200_000;

/** A deterministic generator (mulberry32): the same data every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function order(i: number, rnd: () => number, ordered: Date) {
  const d = Math.floor(rnd() * DISTRICTS);
  const price = 990 + Math.floor(rnd() * 50_000);
  const qty = 1 + Math.floor(rnd() * 3);
  return {
    order_no: `SO${String(i).padStart(9, '0')}`,
    channel: CHANNELS[i % CHANNELS.length]!,
    shop_tag: '淘宝天猫店',
    source_order_id: `SRC${i}`,
    buyer_nick: `buyer_${Math.floor(rnd() * BUYERS)}`,
    receiver_name: '张*',
    receiver_phone: `138${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`,
    ship_to: { province: PROVINCES[d % PROVINCES.length]!, city: `城市${d % 60}`, district: `区${d}`, detail: `${STREETS[Math.floor(rnd() * STREETS.length)]} ${Math.floor(rnd() * 2000)} 号 ${Math.floor(rnd() * 30)} 幢 ${Math.floor(rnd() * 2000)} 室` },
    lines: [{ sku_code: `SKU-${Math.floor(rnd() * SKUS)}`, sku_name: '商品', qty, unit_price: price }],
    goods_amount: price * qty,
    paid_amount: price * qty,
    ordered_at: ordered.toISOString(),
  };
}

export async function run(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'statecraft-bench-alerts-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.db')}`);
  await store.migrate();
  const now = new Date();
  const app = await build({ store, docs: false, web: false, now: () => now, auth: { passwordCost: 1024 } });
  try {
    await installTemplate(app, { adminPassword: 'bench-Passw0rd!', demoPassword: 'bench-Passw0rd!', records: false });
    const withRules = app.apps.get('ecommerce_oms');
    const noRules: LoadedApp = loadApp({ ...withRules.definition, rules: [] }, withRules.version);

    // ── 1,000,000 stored orders (insertMany), stock for every SKU ──────────────────────────
    const rnd = random(7);
    const CHUNK = 5000;
    const STATES = ['completed', 'completed', 'completed', 'shipped', 'cancelled', 'pending_review'];
    const started = performance.now();
    for (let done = 0; done < ORDERS; done += CHUNK) {
      const rows = [];
      for (let i = done; i < Math.min(ORDERS, done + CHUNK); i++) {
        const ordered = new Date(now.getTime() - Math.floor(Math.pow(rnd(), 1.5) * DAYS * 86_400_000));
        const o = order(i, rnd, ordered);
        rows.push({ ...o, lines: o.lines.map((l) => ({ ...l, amount: l.qty * l.unit_price, gift: false })), discount_amount: 0, post_fee: 0, item_count: o.lines[0]!.qty, status: STATES[i % STATES.length]! });
      }
      await store.records.insertMany('order', rows, { actor: 'bench', now: now.toISOString(), defVersion: withRules.version });
    }
    await store.transaction(async (tx) => {
      for (let s = 0; s < SKUS; s++) await tx.stock.adjust(tx, { sku: `SKU-${s}`, onHand: 50 + (s % 100), reason: '盘点', actor: 'bench', now: now.toISOString() });
    });
    await store.knex.raw('ANALYZE');
    report.add('alerts.stored orders (insertMany)', ORDERS / ((performance.now() - started) / 1000), 'orders/s');

    // ── create + pay, with and without the rules, interleaved in blocks ───────────────────
    const actor = { id: 'bench', userId: null, displayName: 'bench', roles: ['admin'], via: 'system' as const };
    let next = ORDERS;
    let previous: ReturnType<typeof order> | null = null;
    const one = async (live: LoadedApp) => {
      const o = order(next++, rnd, new Date(now.getTime() - Math.floor(rnd() * 3_600_000)));
      // One order in ten is the previous buyer ordering again to the same address (the
      // scenario's repeat buyer): the repeat-buyer and similar-address rules fire on it.
      const data = previous && next % 10 === 0 ? { ...o, channel: previous.channel, buyer_nick: previous.buyer_nick, receiver_phone: previous.receiver_phone, ship_to: previous.ship_to } : o;
      previous = o;
      const created = await app.commands.create(live, actor, 'order', data);
      await app.commands.transition(live, actor, 'order', created.record.id, created.record.version, 'pay');
    };
    for (let i = 0; i < 50; i++) await one(i % 2 ? withRules : noRules); // warm statements and caches
    let tRules = 0;
    let tBare = 0;
    let fired = 0;
    const alertsBefore = Number(((await store.knex('sc_alert').count({ n: '*' }).first()) as { n: unknown }).n);
    for (let b = 0; b < MEASURED / BLOCK; b++) {
      let t = performance.now();
      for (let i = 0; i < BLOCK; i++) await one(noRules);
      tBare += performance.now() - t;
      t = performance.now();
      for (let i = 0; i < BLOCK; i++) await one(withRules);
      tRules += performance.now() - t;
    }
    fired = Number(((await store.knex('sc_alert').count({ n: '*' }).first()) as { n: unknown }).n) - alertsBefore;
    const bare = report.add(`alerts.create+pay, no rules (${ORDERS.toLocaleString('en-US')} stored)`, (tBare / MEASURED) * 1000, 'µs/order');
    report.add(`alerts.create+pay, all template rules with facts (${fired} alerts raised)`, (tRules / MEASURED) * 1000, 'µs/order', { baseline: bare, target: { maxRatio: 1.5 } });
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
