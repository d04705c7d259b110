import { describe, expect, it } from 'vitest';
// By path, as in template.test.ts: the engine depends on this template, not the other way round.
import { compileApp, decide, type RecordEnvelope, type RecordFacts } from '../../../packages/engine/src/index.ts';
import { definition } from './index.ts';

// The engine half of the alert rules: given the facts the server computes, each rule fires
// exactly at its threshold. The server half (facts from stored orders) is in apps/server.
const app = compileApp(definition, 1);
const NOW = '2026-01-01T08:00:00.000Z';
const system = { id: 'system', roles: ['admin'], superuser: true };

const order = (over: Record<string, unknown> = {}) => ({
  order_no: 'SO1',
  channel: 'taobao',
  shop_tag: '淘宝天猫店',
  source_order_id: 't1',
  buyer_nick: '晴天的小屋',
  buyer_id: 'B1',
  receiver_name: '周**',
  receiver_phone: '18600000937',
  ship_to: { province: '上海市', city: '上海市', district: '浦东新区', detail: '博云路 2 号 3 幢 1201 室' },
  lines: [{ sku_code: 'HG-CZ-001', qty: 2, unit_price: 10000 }],
  paid_amount: 20000,
  ordered_at: '2026-01-01T07:00:00.000Z',
  ...over,
});

function pay(data: Record<string, unknown>, facts: RecordFacts) {
  const created = decide(app, { kind: 'create', entity: 'order', data }, { now: NOW, actor: system });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const record: RecordEnvelope = { id: 1, entity: 'order', version: 1, defVersion: 1, createdAt: NOW, updatedAt: NOW, createdBy: 'system', updatedBy: 'system', hold: null, data: created.data };
  const paid = decide(app, { kind: 'event', entity: 'order', record, event: 'channel.paid' }, { now: NOW, actor: system, facts: facts as Record<string, unknown> });
  if (!paid.ok) throw new Error(JSON.stringify(paid.error));
  return paid;
}

const quiet: RecordFacts = { buyer_recent_orders: { '24': 0 }, address_similarity: { '72': 0 }, stock_available: { 'HG-CZ-001': 100 } };
const fired = (facts: RecordFacts, data = order()) => pay(data, { ...quiet, ...facts }).firedRules;

describe('the OMS alert rules, at their thresholds', () => {
  it('nothing fires for an ordinary order', () => {
    const d = pay(order(), quiet);
    expect(d.firedRules).toEqual([]);
    expect(d.hold).toBeNull();
  });

  it('repeat_buyer: 2 other orders in 24 h fire, 1 does not (one order fewer)', () => {
    expect(fired({ buyer_recent_orders: { '24': 2 } })).toEqual(['repeat_buyer']);
    expect(fired({ buyer_recent_orders: { '24': 1 } })).toEqual([]);
  });

  it('similar_address: 0.85 fires, 0 (one district away) and 0.84 do not', () => {
    expect(fired({ address_similarity: { '72': 0.85 } })).toEqual(['similar_address']);
    expect(fired({ address_similarity: { '72': 0.84 } })).toEqual([]);
    expect(fired({ address_similarity: { '72': 0 } })).toEqual([]);
  });

  it('stock_short: one unit short fires, stock exactly enough does not', () => {
    expect(fired({ stock_available: { 'HG-CZ-001': 1 } })).toEqual(['stock_short']);
    expect(fired({ stock_available: { 'HG-CZ-001': 2 } })).toEqual([]);
  });

  it('large_amount: 5,000.01 元 fires, exactly 5,000 元 does not', () => {
    expect(fired({}, order({ paid_amount: 500001 }))).toEqual(['large_amount']);
    expect(fired({}, order({ paid_amount: 500000 }))).toEqual([]);
  });

  it('each fired rule raises its alert, holds shipment and notifies a messenger; approve is then refused', () => {
    const d = pay(order(), { ...quiet, stock_available: { 'HG-CZ-001': 0 } });
    expect(d.effects.map((e) => (e.type === 'notify' ? `notify:${e.connector}` : e.type))).toEqual(['reserve_stock', 'raise_alert', 'hold', 'notify:ops_dingtalk', 'notify:purchasing_email']);
    expect(d.hold?.reason['zh-CN']).toBe('库存不足，待补货');
    const record: RecordEnvelope = { id: 1, entity: 'order', version: 2, defVersion: 1, createdAt: NOW, updatedAt: NOW, createdBy: 's', updatedBy: 's', hold: d.hold, data: d.data };
    const approve = decide(app, { kind: 'transition', entity: 'order', record, transition: 'approve' }, { now: NOW, actor: { id: 'sup', roles: ['ops_supervisor'] } });
    expect(approve.ok ? null : approve.error.code).toBe('ENGINE_RECORD_ON_HOLD');
  });
});
