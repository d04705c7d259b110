import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleOrder, shopDefinition } from './fixture-definition.ts';
import { diffRecordData } from './record-diff.ts';
import { openTestStore, testStores, type TestStore } from './testing.ts';

const meta = { actor: 'u1', now: '2024-11-11T01:00:00.000Z', defVersion: 1 };

async function counts(t: TestStore) {
  const n = async (table: string) => Number(((await t.store.knex(table).count({ n: '*' }).first()) as { n: unknown }).n);
  return { orders: await n('e_order'), lines: await n('e_order_line'), audit: await n('sc_audit'), outbox: await n('sc_outbox'), alerts: await n('sc_alert') };
}

describe.each(await testStores())('store.transaction on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(dialect);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
  });
  afterAll(() => t.dispose());

  it('commits record, audit, alert and outbox rows together', async () => {
    const before = await counts(t);
    const id = await t.store.transaction(async (tx) => {
      const order = await tx.records.insert('order', sampleOrder(1), meta);
      await tx.audit.append(tx, { entity: 'order', recordId: order.id, action: 'create', actor: 'u1', at: meta.now, ...diffRecordData(null, order.data), defVersion: 1 });
      await tx.alerts.create(tx, { entity: 'order', recordId: order.id, code: 'repeat_buyer', severity: 'warning', message: { 'zh-CN': '重复下单' }, now: meta.now });
      await tx.outbox.enqueue(tx, { kind: 'notify', payload: { order: order.id }, idempotencyKey: `order:${order.id}:created`, now: meta.now });
      return order.id;
    });
    expect(await counts(t)).toEqual({ orders: before.orders + 1, lines: before.lines + 2, audit: before.audit + 1, outbox: before.outbox + 1, alerts: before.alerts + 1 });
    expect((await t.store.audit.listForRecord('order', id))[0]?.action).toBe('create');
  });

  it('leaves nothing behind when something fails after the audit write', async () => {
    const before = await counts(t);
    let recordId = 0;
    await expect(
      t.store.transaction(async (tx) => {
        const order = await tx.records.insert('order', sampleOrder(2), meta);
        recordId = order.id;
        await tx.outbox.enqueue(tx, { kind: 'http_request', payload: { push: order.id }, idempotencyKey: `order:${order.id}:push`, now: meta.now });
        await t.store.audit.append(tx, { entity: 'order', recordId: order.id, action: 'create', actor: 'u1', at: meta.now, after: order.data, defVersion: 1 });
        throw new Error('injected failure after the audit write');
      }),
    ).rejects.toThrow('injected failure');
    expect(await counts(t)).toEqual(before);
    expect(await t.store.records.find('order', recordId)).toBeNull();
    expect(await t.store.audit.listForRecord('order', recordId)).toEqual([]);
    expect(await t.store.outbox.list()).not.toContainEqual(expect.objectContaining({ idempotencyKey: `order:${recordId}:push` }));
  });

  it('rolls back when a database statement fails mid-way (version conflict)', async () => {
    const order = await t.store.records.insert('order', sampleOrder(3), meta);
    const before = await counts(t);
    await expect(
      t.store.transaction(async (tx) => {
        await tx.audit.append(tx, { entity: 'order', recordId: order.id, action: 'update', actor: 'u1', at: meta.now, defVersion: 1 });
        await tx.records.update('order', order.id, 99, { remark: 'x' }, meta);
      }),
    ).rejects.toMatchObject({ code: 'STORE_VERSION_CONFLICT' });
    expect(await counts(t)).toEqual(before);
  });

  it('returns the value of the function', async () => {
    expect(await t.store.transaction(async () => 42)).toBe(42);
  });
});
