import type { AppDefinition } from '@statecraft/schema';
import { testStores } from '@statecraft/store/testing';
import { definition } from '@statecraft/template-oms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';

const APP = '/api/apps/ecommerce_oms';
const ORDERS = `${APP}/records/order`;

/** The OMS plus: a rule that holds orders whose remark says so and files the buyer as a customer, and a way to release. */
function withHoldRules(): AppDefinition {
  const def = structuredClone(definition);
  def.version = '1.1.0';
  def.rules.push({
    id: 'hold_on_request',
    label: { 'zh-CN': '备注要求暂停发货' },
    entity: 'order',
    on: { event: 'created' },
    condition: { '==': [{ var: 'seller_remarks' }, '暂停发货'] },
    severity: 'warning',
    actions: [
      { type: 'hold', reason: { 'zh-CN': '卖家备注要求暂停发货', en: 'The seller asked to hold shipping' } },
      { type: 'create_record', entity: 'customer', values: { buyer_key: { cat: [{ var: 'channel' }, ':', { var: 'buyer_nick' }] }, name: { var: 'receiver_name' }, channel: { var: 'channel' } } },
    ],
  });
  def.workflows[0]!.transitions.push({
    id: 'release_hold',
    from: ['pending_payment', 'pending_review'],
    to: 'pending_review',
    label: { 'zh-CN': '解除暂停' },
    trigger: 'manual',
    roles: ['ops_supervisor'],
    guard: { '!!': [{ var: 'paid_at' }] },
    actions: [{ type: 'release' }],
  });
  return def;
}

describe.each(await testStores())('hold, release and create_record effects on %s', (dialect) => {
  let h: Harness;
  let ops: string;
  let supervisor: string;

  beforeAll(async () => {
    h = await openHarness(dialect);
    const admin = await h.login('admin');
    const published = await h.as(admin, { method: 'POST', url: `${APP}/definition/publish`, payload: { definition: withHoldRules() } });
    expect(published.statusCode, published.body).toBe(200);
    ops = await h.login('ops1');
    supervisor = await h.login('supervisor1');
  });
  afterAll(() => h.dispose());

  it('holds the record and creates the customer in the same transaction, then blocks approval until released', async () => {
    const created = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData({ seller_remarks: '暂停发货', buyer_nick: 'hold_buyer' }) } });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body.firedRules).toContain('hold_on_request');
    expect(body.record.hold).toMatchObject({ reason: { 'zh-CN': '卖家备注要求暂停发货' }, by: 'ops1' });
    const customerId = body.effects.find((e: { type: string }) => e.type === 'create_record').recordId;
    const customer = await h.as(ops, { method: 'GET', url: `${APP}/records/customer/${customerId}` });
    expect(customer.json().data).toMatchObject({ buyer_key: 'taobao:hold_buyer', name: '林**' });

    const onHold = await h.as(ops, { method: 'GET', url: `${ORDERS}?filter[hold][isNull]=false` });
    expect(onHold.json().items.map((r: { id: number }) => r.id)).toEqual([body.record.id]);

    let record = body.record;
    const paid = await h.as(ops, { method: 'POST', url: `${ORDERS}/${record.id}/transitions/pay`, payload: { version: record.version } });
    record = paid.json().record;
    const refused = await h.as(supervisor, { method: 'POST', url: `${ORDERS}/${record.id}/transitions/approve`, payload: { version: record.version } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('ENGINE_RECORD_ON_HOLD');
    const buttons = (await h.as(supervisor, { method: 'GET', url: `${ORDERS}/${record.id}/transitions?all=true` })).json().items;
    expect((await h.as(supervisor, { method: 'GET', url: `${ORDERS}/${record.id}/transitions` })).json().items.map((b: { id: string }) => b.id)).not.toContain('approve');
    expect(buttons.find((b: { id: string }) => b.id === 'approve')).toMatchObject({ allowed: false, reason: 'hold' });

    const released = await h.as(supervisor, { method: 'POST', url: `${ORDERS}/${record.id}/transitions/release_hold`, payload: { version: record.version } });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().record.hold).toBeNull();
    record = released.json().record;
    const approved = await h.as(supervisor, { method: 'POST', url: `${ORDERS}/${record.id}/transitions/approve`, payload: { version: record.version } });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().record).toMatchObject({ defVersion: 2, data: { status: 'reviewed' } });
  });
});
