import { definition } from '@statecraft/template-oms';
import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';

const APP = '/api/apps/ecommerce_oms';
const ORDERS = `${APP}/records/order`;
const HOUR = 3_600_000;

// The template's alert rules, through the API: each fires exactly when it should, near misses included.
describe.each(await testStores())('OMS alert rules through the API on %s', (dialect) => {
  let h: Harness;
  let ops: string;
  const users = new Map<string, string>();
  const ago = (ms: number) => new Date(h.clock.now().getTime() - ms).toISOString();

  beforeAll(async () => {
    h = await openHarness(dialect);
    const admin = await h.login('admin');
    users.set('admin', admin);
    for (const role of definition.roles.map((r) => r.id).filter((r) => r !== 'admin')) {
      const res = await h.as(admin, { method: 'POST', url: '/api/users', payload: { username: `r_${role}`, displayName: role, roles: [role], password: 'rules-pw-123' } });
      expect(res.statusCode).toBe(201);
      users.set(role, await h.login(`r_${role}`, 'rules-pw-123'));
    }
    ops = users.get('ops')!;
    const now = h.clock.now().toISOString();
    await h.test.store.transaction(async (tx) => {
      await tx.stock.adjust(tx, { sku: 'RULE-SKU-A', onHand: 5, reason: '盘点', actor: 'test', now });
      await tx.stock.adjust(tx, { sku: 'RULE-SKU-B', onHand: 1, reason: '盘点', actor: 'test', now });
    });
  });
  afterAll(() => h?.dispose());

  async function create(overrides: Record<string, unknown>) {
    const res = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData(overrides) } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().record as { id: number; version: number; hold: unknown };
  }
  async function pay(record: { id: number; version: number }) {
    const res = await h.as(ops, { method: 'POST', url: `${ORDERS}/${record.id}/transitions/pay`, payload: { version: record.version } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { record: { id: number; version: number; hold: unknown; data: Record<string, unknown> }; firedRules: string[]; effects: { type: string }[] };
  }
  async function alertsOf(recordId: number) {
    return (await h.as(ops, { method: 'GET', url: `${APP}/alerts?entity=order&recordId=${recordId}` })).json().items as { id: number; ruleId: string | null; code: string; severity: string }[];
  }

  it('repeat_buyer: two other orders of the buyer in 24 h fire it; one fewer or an older one do not', async () => {
    const nick = `rb_${dialect}`;
    await create({ buyer_nick: nick, ordered_at: ago(2 * HOUR) });
    const older = await create({ buyer_nick: nick, ordered_at: ago(25 * HOUR) });
    const near = await pay(await create({ buyer_nick: nick, ordered_at: ago(HOUR) }));
    // One other order in the window (the 25-hour-old one is outside): a near miss.
    expect(near.firedRules).not.toContain('repeat_buyer');
    expect(near.record.hold).toBeNull();
    expect(older.id).toBeGreaterThan(0);

    const third = await create({ buyer_nick: nick, ordered_at: ago(10 * 60_000) });
    const fired = await pay(third);
    expect(fired.firedRules).toContain('repeat_buyer');
    expect(fired.record.hold).toMatchObject({ reason: { 'zh-CN': '同一买家频繁下单，待核实' } });
    expect((await alertsOf(third.id)).map((a) => a.ruleId)).toContain('repeat_buyer');
    expect(fired.effects.map((e) => e.type)).toEqual(expect.arrayContaining(['raise_alert', 'hold', 'notify']));
  });

  it('repeat_buyer recognises the buyer by channel buyer id or unmasked phone, not by a masked phone or nickname', async () => {
    const phone = `139${dialect === 'sqlite' ? '1' : '2'}0001234`;
    await create({ buyer_nick: 'p1', receiver_phone: phone });
    await create({ buyer_nick: 'p2', buyer_id: `bid_${dialect}`, receiver_phone: phone });
    const byPhone = await pay(await create({ buyer_nick: 'p3', buyer_id: `bid_${dialect}`, receiver_phone: phone }));
    expect(byPhone.firedRules).toContain('repeat_buyer');
    await create({ buyer_nick: 'm1', receiver_phone: '138****0000' });
    await create({ buyer_nick: 'm2', receiver_phone: '138****0000' });
    expect((await pay(await create({ buyer_nick: 'm3', receiver_phone: '138****0000' }))).firedRules).not.toContain('repeat_buyer');
    // A masked nickname (Taobao's `t**`) is shared by thousands of buyers: it identifies nobody either.
    await create({ buyer_nick: 'n**', receiver_phone: '137****0001' });
    await create({ buyer_nick: 'n**', receiver_phone: '137****0002' });
    expect((await pay(await create({ buyer_nick: 'n**', receiver_phone: '137****0003' }))).firedRules).not.toContain('repeat_buyer');
  });

  it('similar_address: an alike address in the same district fires it; one district away does not', async () => {
    const base = { province: '江苏省', city: '南京市', district: `鼓楼区${dialect}`, detail: '中山北路 101 号 2 幢 303 室' };
    await create({ ship_to: base });
    const away = await pay(await create({ ship_to: { ...base, district: `玄武区${dialect}`, detail: '中山北路101号2栋303室' } }));
    expect(away.firedRules).not.toContain('similar_address');
    const unlike = await pay(await create({ ship_to: { ...base, detail: '汉中路 8 号' } }));
    expect(unlike.firedRules).not.toContain('similar_address');
    const alike = await pay(await create({ ship_to: { province: '江苏', city: '南京', district: base.district, detail: '中山北路101号2栋303室' } }));
    expect(alike.firedRules).toContain('similar_address');
    expect(alike.record.hold).not.toBeNull();
  });

  it('similar_address uses the platform address hash when the detail is masked', async () => {
    const addr = { province: '广东省', city: '深圳市', district: `南山区${dialect}`, detail: '科技园****', hash: `h-${dialect}` };
    await create({ ship_to: addr });
    expect((await pay(await create({ ship_to: { ...addr, detail: '***' } }))).firedRules).toContain('similar_address');
  });

  it('stock_short: exactly enough stock does not fire; one more (summed over lines) does; unknown SKUs never do', async () => {
    const line = (sku: string, qty: number) => ({ sku_code: sku, sku_name: '测试', qty, unit_price: 100 });
    const enough = await pay(await create({ lines: [line('RULE-SKU-A', 3), line('RULE-SKU-A', 2)], goods_amount: 500, paid_amount: 500 }));
    expect(enough.firedRules).not.toContain('stock_short');
    const short = await pay(await create({ lines: [line('RULE-SKU-A', 3), line('RULE-SKU-A', 3)], goods_amount: 600, paid_amount: 600 }));
    expect(short.firedRules).toContain('stock_short');
    expect((await alertsOf(short.record.id)).find((a) => a.ruleId === 'stock_short')).toMatchObject({ severity: 'critical', code: 'stock_short' });
    const unknown = await pay(await create({ lines: [line('RULE-SKU-NONE', 99)], goods_amount: 9900, paid_amount: 9900 }));
    expect(unknown.firedRules).not.toContain('stock_short');
  });

  it('large_amount: 5,000.00 元 is not over the threshold; 5,000.01 元 is', async () => {
    expect((await pay(await create({ goods_amount: 500_000, paid_amount: 500_000 }))).firedRules).not.toContain('large_amount');
    const big = await pay(await create({ goods_amount: 500_001, paid_amount: 500_001 }));
    expect(big.firedRules).toContain('large_amount');
    expect(big.record.hold).toMatchObject({ reason: { 'zh-CN': '大额订单待主管核实' } });
  });

  it('a held order cannot move towards shipping through the API, by any role, until someone allowed releases it', async () => {
    const held = (await pay(await create({ goods_amount: 800_000, paid_amount: 800_000, receiver_name: '王五' }))).record;
    expect(held.data.status).toBe('pending_review');
    for (const [role, auth] of users) {
      const res = await h.as(auth, { method: 'POST', url: `${ORDERS}/${held.id}/transitions/approve`, payload: { version: held.version } });
      expect([403, 409, 422], `${role}: ${res.body}`).toContain(res.statusCode);
      expect(['ENGINE_RECORD_ON_HOLD', 'ENGINE_ROLE_FORBIDDEN', 'PERMISSION_DENIED'], role).toContain(res.json().error.code);
    }
    // The supervisor, who may approve, and the superuser are refused because of the hold itself.
    for (const role of ['ops_supervisor', 'admin']) {
      const res = await h.as(users.get(role)!, { method: 'POST', url: `${ORDERS}/${held.id}/transitions/approve`, payload: { version: held.version } });
      expect(res.json().error.code).toBe('ENGINE_RECORD_ON_HOLD');
    }
    const release = (role: string, version = held.version) =>
      h.as(users.get(role)!, { method: 'POST', url: `${ORDERS}/${held.id}/release`, payload: { version, note: '已电话核实买家' } });
    for (const role of ['ops', 'warehouse', 'customer_service', 'purchasing']) expect((await release(role)).json().error.code, role).toBe('PERMISSION_DENIED');
    expect((await release('ops_supervisor', held.version + 5)).json().error.code).toBe('RECORD_VERSION_CONFLICT');
    const released = await release('ops_supervisor');
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().record).toMatchObject({ hold: null, version: held.version + 1 });
    expect((await release('ops_supervisor', held.version + 1)).json().error.code).toBe('HOLD_NOT_HELD');
    const timeline = (await h.as(ops, { method: 'GET', url: `${ORDERS}/${held.id}/timeline` })).json().items as { action: string; actor: string; details: { note?: string } }[];
    expect(timeline.at(-1)).toMatchObject({ action: 'release', actor: 'r_ops_supervisor', details: { note: '已电话核实买家' } });
    const approved = await h.as(users.get('ops_supervisor')!, { method: 'POST', url: `${ORDERS}/${held.id}/transitions/approve`, payload: { version: held.version + 1 } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().record.data.status).toBe('reviewed');
  });

  it('the inbox filters by status, severity, rule and record; acknowledging is audited on the record', async () => {
    const big = (await pay(await create({ goods_amount: 900_000, paid_amount: 900_000 }))).record;
    const byRule = (await h.as(ops, { method: 'GET', url: `${APP}/alerts?rule=large_amount&severity=warning&status=open&recordId=${big.id}` })).json().items;
    expect(byRule).toHaveLength(1);
    expect(byRule[0]).toMatchObject({ ruleId: 'large_amount', severity: 'warning', recordId: big.id });
    expect((await h.as(ops, { method: 'GET', url: `${APP}/alerts?severity=critical&recordId=${big.id}` })).json().items).toEqual([]);
    const acked = await h.as(ops, { method: 'POST', url: `${APP}/alerts/${byRule[0].id}/acknowledge` });
    expect(acked.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'r_ops' });
    expect((await h.as(ops, { method: 'GET', url: `${APP}/alerts?rule=large_amount&status=open&recordId=${big.id}` })).json().items).toEqual([]);
    const timeline = (await h.as(ops, { method: 'GET', url: `${ORDERS}/${big.id}/timeline` })).json().items as { action: string; details: { alertId?: number } }[];
    expect(timeline.filter((e) => e.action === 'acknowledge_alert').map((e) => e.details.alertId)).toEqual([byRule[0].id]);
    expect((await h.as(ops, { method: 'GET', url: `${APP}/alerts?severity=fatal` })).statusCode).toBe(400);
  });
});
