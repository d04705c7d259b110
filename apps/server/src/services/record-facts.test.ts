import { addressSimilarity, decide, type Command } from '@statecraft/engine';
import type { AppDefinition } from '@statecraft/schema';
import { openTestStore, testStores, type TestStore } from '@statecraft/store/testing';
import { definition } from '@statecraft/template-oms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApp, type LoadedApp } from './app-registry.ts';
import { DatabaseFacts, decideWithFacts, type FactSource } from './record-facts.ts';
import { orderData } from '../testing/orders.ts';

const HOUR = 3_600_000;
const NOW = '2026-03-10T12:00:00.000Z';
const ago = (hours: number) => new Date(Date.parse(NOW) - hours * HOUR).toISOString();

/** The template plus a rule reading a second window of each windowed fact. */
function twoWindows(): AppDefinition {
  const def = structuredClone(definition) as AppDefinition;
  const base = def.rules.find((r) => r.id === 'repeat_buyer')!;
  def.rules.push({ ...structuredClone(base), id: 'wide_windows', condition: { or: [{ '>=': [{ buyer_recent_orders: 168 }, 5] }, { '>=': [{ address_similarity: 24 }, 0.99] }] } });
  return def;
}

const SAME = '中山北路 101 号 2 幢 303 室';
/** An order of another buyer (masked phone) shipping to the given address. */
const near = (province: string, city: string, district: string, detail: string, hoursAgo: number, status: string) => ({
  buyer_nick: `n_${district}_${hoursAgo}`,
  ship_to: { province, city, district, detail },
  ordered_at: ago(hoursAgo),
  status,
});

// The facts the server reads before deciding, straight from the database: each window counts
// and scores what it holds, cancelled and closed orders and the record itself left out.
describe.each(await testStores())('DatabaseFacts on %s', (dialect) => {
  let t: TestStore;
  let app: LoadedApp;
  let facts: DatabaseFacts;
  let self: number;

  beforeAll(async () => {
    t = await openTestStore(dialect);
    const def = twoWindows();
    await t.store.applyDefinition(def, { defVersion: 1 });
    app = loadApp(def, 1);
    facts = new DatabaseFacts(t.store);
    let n = 0;
    const order = (fields: Record<string, unknown>) => ({
      order_no: `F${++n}`,
      channel: 'jd',
      source_order_id: `S${n}`,
      buyer_nick: 'someone',
      receiver_phone: '138****0000',
      ship_to: { province: '浙江省', city: '杭州市', district: '西湖区', detail: `文三路 ${n} 号` },
      lines: [{ sku_code: 'F-SKU', sku_name: 'x', qty: 1, unit_price: 100, amount: 100, gift: false }],
      goods_amount: 100,
      paid_amount: 100,
      ...fields,
    });
    const meta = { actor: 'test', now: NOW, defVersion: 1 };
    const rows = [
      // The buyer: by nick in 2 h and 30 h, by phone in 100 h; cancelled in 3 h; 200 h ago; another channel's same nick.
      order({ buyer_nick: 'fb', ordered_at: ago(2), status: 'paid' }),
      order({ buyer_nick: 'fb', ordered_at: ago(30), status: 'completed' }),
      order({ buyer_nick: 'other', receiver_phone: '13900001111', ordered_at: ago(100), status: 'shipped' }),
      order({ buyer_nick: 'fb', ordered_at: ago(3), status: 'cancelled' }),
      order({ buyer_nick: 'fb', ordered_at: ago(200), status: 'completed' }),
      order({ buyer_nick: 'fb', channel: 'pdd', ordered_at: ago(1), status: 'paid' }),
      // The district: alike and spelled without 省/市/区 in 30 h; less alike in 5 h; the same
      // detail but completed (closed), cancelled, or one district away, all within 24 h.
      order(near('江苏', '南京', '鼓楼', '中山北路101号2栋303室', 30, 'shipped')),
      order(near('江苏省', '南京市', '鼓楼区', '中山北路 101 号 9 幢 808 室', 5, 'pending_review')),
      order(near('江苏省', '南京市', '鼓楼区', SAME, 1, 'completed')),
      order(near('江苏省', '南京市', '鼓楼区', SAME, 4, 'cancelled')),
      order(near('江苏省', '南京市', '玄武区', SAME, 2, 'paid')),
      // The subject itself, just created: buyer fb, phone 139…, in 鼓楼区.
      order({ ...near('江苏省', '南京市', '鼓楼区', SAME, 0.5, 'pending_payment'), buyer_nick: 'fb', receiver_phone: '13900001111' }),
    ];
    await t.store.records.insertMany('order', rows, meta);
    self = Number(((await t.store.knex('e_order').where({ order_no: `F${n}` }).first('id')) as { id: number }).id);
  });
  afterAll(() => t?.dispose());

  const subject = async () => ({ entity: 'order', id: self, data: (await t.store.records.get('order', self)).data });

  it('counts the buyer’s other, not cancelled orders per window, by nick or unmasked phone', async () => {
    const got = await facts.compute(app, await subject(), ['buyer_recent_orders'], NOW);
    // 24 h: the paid one (2 h); 168 h: also the completed (30 h) and the one by phone (100 h).
    expect(got.buyer_recent_orders).toEqual({ '24': 1, '168': 3 });
  });

  it('sums up the buyer’s history, cancelled orders and all', async () => {
    const got = await facts.compute(app, await subject(), ['buyer_history'], NOW);
    // Every other order of fb on jd or of the phone: 2 h, 3 h (cancelled), 30 h, 100 h, 200 h.
    expect(got.buyer_history).toEqual({ orders: 5, cancelled: 1, paid_amount: 500, first_order_at: ago(200) });
  });

  it('scores the district’s open orders per window: spelling folded, closed and cancelled ones and other districts left out', async () => {
    const got = await facts.compute(app, await subject(), ['address_similarity'], NOW);
    const mine = { province: '江苏省', city: '南京市', district: '鼓楼区', detail: SAME };
    const lessAlike = addressSimilarity(mine, { ...mine, detail: '中山北路 101 号 9 幢 808 室' });
    expect(addressSimilarity(mine, { province: '江苏', city: '南京', district: '鼓楼', detail: '中山北路101号2栋303室' })).toBe(1);
    expect(lessAlike).toBeLessThan(1);
    expect(got.address_similarity).toEqual({ '24': Math.round(lessAlike * 1000) / 1000, '72': 1 });
  });

  it('gives the available stock of the lines’ SKUs, summed over warehouses, presale SKUs and unknown ones left out', async () => {
    await t.store.transaction(async (tx) => {
      await tx.stock.adjust(tx, { sku: 'F-A', onHand: 7, reason: '盘点', actor: 'test', now: NOW });
      await tx.stock.adjust(tx, { sku: 'F-A', warehouse: 'south', onHand: 2, reason: '盘点', actor: 'test', now: NOW });
      await tx.stock.configure(tx, { sku: 'F-A', safetyStock: 1, actor: 'test', now: NOW });
      await tx.stock.adjust(tx, { sku: 'F-P', onHand: 0, reason: '盘点', actor: 'test', now: NOW });
      await tx.stock.configure(tx, { sku: 'F-P', presale: { enabled: true, cap: 10 }, actor: 'test', now: NOW });
    });
    const lines = ['F-A', 'F-P', 'F-NONE', 'F-A'].map((sku) => ({ sku_code: sku, qty: 1 }));
    const got = await facts.compute(app, { entity: 'order', id: null, data: { lines } }, ['stock_available'], NOW);
    // main: 7 − 1 safety = 6; south: 2.
    expect(got.stock_available).toEqual({ 'F-A': 8 });
  });

  it('compares a crowded district’s newest 500 open orders of the window only', async () => {
    const crowd = (i: number) => ({
      order_no: `C${i}`,
      channel: 'jd',
      source_order_id: `C${i}`,
      buyer_nick: `c${i}`,
      ship_to: { province: '广东省', city: '深圳市', district: '南山区', detail: i === 0 ? SAME : `科技园 ${i} 栋` },
      // The one with the same detail is the oldest of 501.
      ordered_at: ago(i === 0 ? 40 : 20 - i / 100),
      status: 'shipped',
    });
    await t.store.records.insertMany('order', Array.from({ length: 501 }, (_, i) => crowd(i)), { actor: 'test', now: NOW, defVersion: 1 });
    const data = { ship_to: { province: '广东省', city: '深圳市', district: '南山区', detail: SAME } };
    const got = await facts.compute(app, { entity: 'order', id: null, data }, ['address_similarity'], NOW);
    expect(got.address_similarity!['72']).toBeLessThan(1);
    await t.store.knex('e_order').where({ order_no: 'C500' }).update({ status: 'cancelled' });
    // 500 open ones now: the oldest is among them.
    expect((await facts.compute(app, { entity: 'order', id: null, data }, ['address_similarity'], NOW)).address_similarity!['72']).toBe(1);
  });

  it('in a batch, reads a district once and scores the batch’s own new open orders as neighbours', async () => {
    const place = { province: '四川省', city: '成都市', district: '武侯区' };
    const stored = { order_no: 'B0', channel: 'jd', source_order_id: 'B0', buyer_nick: 'b0', ship_to: { ...place, detail: '人民南路 4 段 9 号' }, ordered_at: ago(6), status: 'shipped' };
    await t.store.records.insertMany('order', [stored], { actor: 'test', now: NOW, defVersion: 1 });
    const batch = facts.batch();
    const first = { entity: 'order', id: null, data: { ship_to: { ...place, detail: '科华北路 65 号 1 栋 101 室' }, ordered_at: ago(0.2), status: 'paid' } };
    const alone = (await facts.compute(app, first, ['address_similarity'], NOW)).address_similarity;
    expect((await batch.compute(app, first, ['address_similarity'], NOW)).address_similarity).toEqual(alone);
    batch.remember(app, first, NOW);
    // Cancelled before it was written: not an open order, so nobody's neighbour.
    batch.remember(app, { entity: 'order', id: null, data: { ship_to: { ...place, detail: '玉林西路 1 号' }, ordered_at: ago(0.1), status: 'cancelled' } }, NOW);
    // Written meanwhile by someone else: the batch has read the district already (facts are as of the batch's start).
    await t.store.records.insertMany('order', [{ ...stored, order_no: 'B1', source_order_id: 'B1', ship_to: { ...place, detail: '玉林西路 1 号' }, ordered_at: ago(1) }], { actor: 'test', now: NOW, defVersion: 1 });
    const second = { entity: 'order', id: null, data: { ship_to: { ...place, detail: '科华北路 65 号 1 幢 101 室' }, ordered_at: ago(0.1), status: 'paid' } };
    expect((await batch.compute(app, second, ['address_similarity'], NOW)).address_similarity).toEqual({ '24': 1, '72': 1 });
    const third = { entity: 'order', id: null, data: { ship_to: { ...place, detail: '玉林西路 1 号' }, ordered_at: ago(0.1), status: 'paid' } };
    expect((await batch.compute(app, third, ['address_similarity'], NOW)).address_similarity!['72']).toBeLessThan(1);
    // Outside the batch: the stored one counts, the batch's unwritten one does not.
    expect((await facts.compute(app, third, ['address_similarity'], NOW)).address_similarity!['72']).toBe(1);
    expect((await facts.compute(app, second, ['address_similarity'], NOW)).address_similarity!['72']).toBeLessThan(1);
  });

  it('scores a batch against a busy district’s bigram index exactly as one by one', async () => {
    const place = { province: '湖北省', city: '武汉市', district: '洪山区' };
    const streets = ['珞喻路', '雄楚大道', '光谷大道'];
    const rows = Array.from({ length: 60 }, (_, i) => ({
      order_no: `H${i}`,
      channel: 'jd',
      source_order_id: `H${i}`,
      buyer_nick: `h${i}`,
      ship_to: { ...place, detail: `${streets[i % 3]} ${i % 7} 号 ${i % 5} 栋 ${100 + i} 室` },
      ordered_at: ago(1 + i),
      status: i % 9 === 0 ? 'completed' : 'pending_review',
    }));
    await t.store.records.insertMany('order', rows, { actor: 'test', now: NOW, defVersion: 1 });
    const batch = facts.batch();
    for (const detail of ['珞喻路 3 号 3 栋 103 室', '雄楚大道 1 号', '光谷大道 6 号 4 幢 159 室', '无关的路 1 号']) {
      const subject = { entity: 'order', id: null, data: { ship_to: { ...place, detail }, ordered_at: ago(0.5), status: 'paid' } };
      expect((await batch.compute(app, subject, ['address_similarity'], NOW)).address_similarity, detail).toEqual((await facts.compute(app, subject, ['address_similarity'], NOW)).address_similarity);
    }
  });

  it('in a batch, keeps to the newest 500 of the stored and the batch’s own orders together', async () => {
    // 南山区 holds 500 open orders now (previous test), the oldest with the same detail as SAME.
    const place = { province: '广东省', city: '深圳市', district: '南山区' };
    const subject = (detail: string) => ({ entity: 'order', id: null, data: { ship_to: { ...place, detail }, ordered_at: ago(0.1), status: 'paid' } });
    const batch = facts.batch();
    expect((await batch.compute(app, subject(SAME), ['address_similarity'], NOW)).address_similarity!['72']).toBe(1);
    // One more open order of the batch, newer than all: the oldest stored one drops out.
    batch.remember(app, subject('深南大道 1 号'), NOW);
    expect((await batch.compute(app, subject(SAME), ['address_similarity'], NOW)).address_similarity!['72']).toBeLessThan(1);
  });

  it('reads nothing it is not asked for, and no buyer or address gives zero', async () => {
    expect(await facts.compute(app, await subject(), [], NOW)).toEqual({});
    const nobody = { entity: 'order', id: null, data: { channel: 'jd', receiver_phone: '138****0000' } };
    expect(await facts.compute(app, nobody, ['buyer_recent_orders', 'address_similarity'], NOW)).toEqual({ buyer_recent_orders: { '24': 0, '168': 0 }, address_similarity: { '24': 0, '72': 0 } });
  });
});

// The facts a kind of command read last time are computed before its decision: the same
// decision, with the facts asked for once, and a fact read for the first time still computed.
describe('decideWithFacts', () => {
  it('computes the facts a kind of command read before, up front, and decides the same', async () => {
    const app = loadApp(structuredClone(definition) as AppDefinition, 1);
    const given = { buyer_recent_orders: { '24': 3 }, address_similarity: { '72': 0.9 }, stock_available: { 'HG-SN-001': 100 } };
    const asked: string[][] = [];
    const source: FactSource = {
      async compute(_app, _subject, kinds) {
        asked.push([...kinds].sort());
        return Object.fromEntries(kinds.map((k) => [k, given[k as keyof typeof given]]));
      },
    };
    const ctx = { now: NOW, actor: { id: 'ops1', roles: ['ops'], superuser: false } };
    const pay = (): Command => ({ kind: 'transition', entity: 'order', transition: 'pay', record: { id: 7, entity: 'order', version: 1, defVersion: 1, createdAt: NOW, updatedAt: NOW, createdBy: null, updatedBy: null, hold: null, data: { ...orderData(), status: 'pending_payment' } } });
    const command = pay();
    const first = await decideWithFacts(app, command, ctx, { entity: 'order', id: 7, data: {} }, source);
    const second = await decideWithFacts(app, command, ctx, { entity: 'order', id: 7, data: {} }, source);
    // Each time the facts were asked for once, all of them together.
    expect(asked).toEqual([['address_similarity', 'buyer_recent_orders', 'stock_available'], ['address_similarity', 'buyer_recent_orders', 'stock_available']]);
    expect(second).toEqual(first);
    expect(second).toEqual(decide(app.compiled, command, { ...ctx, facts: given }));
    expect(first.ok && first.firedRules.length).toBeGreaterThan(0);
  });
});
