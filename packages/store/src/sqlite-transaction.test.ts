import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleOrder, shopDefinition } from './fixture-definition.ts';
import type { StoreTransaction } from './store.ts';
import { openTestStore, type TestStore } from './testing.ts';

const meta = { actor: 'u1', now: '2024-11-11T01:00:00.000Z', defVersion: 1 };

// store.transaction on SQLite runs on the store's one connection without knex's transaction
// objects (sqlite-transaction.ts): what knex's gave for free is checked here.
describe('store.transaction on sqlite', () => {
  let t: TestStore;
  const orders = async () => Number(((await t.store.knex('e_order').count({ n: '*' }).first()) as { n: unknown }).n);
  beforeAll(async () => {
    t = await openTestStore('sqlite');
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
  });
  afterAll(() => t.dispose());

  it('runs builders, raw queries and repositories inside one transaction, all rolled back on an error', async () => {
    const before = await orders();
    const failure = t.store.transaction(async (tx) => {
      await tx.records.insert('order', { ...sampleOrder(901), order_no: 'SQ-1' }, meta);
      await tx.knex('e_order').where({ order_no: 'SQ-1' }).update({ buyer: 'builder' });
      expect((await tx.knex.raw('SELECT buyer FROM e_order WHERE order_no = ?', ['SQ-1']))[0]).toEqual({ buyer: 'builder' });
      throw new Error('stop here');
    });
    await expect(failure).rejects.toThrow('stop here');
    expect(await orders()).toBe(before);
  });

  it('rolls back a failed nested transaction to its savepoint and keeps the rest', async () => {
    await t.store.transaction(async (tx) => {
      await tx.records.insert('order', { ...sampleOrder(902), order_no: 'SQ-2' }, meta);
      await expect(
        tx.knex.transaction(async (nested) => {
          await nested('e_order').where({ order_no: 'SQ-2' }).update({ buyer: 'nested' });
          throw new Error('nested failure');
        }),
      ).rejects.toThrow('nested failure');
    });
    expect(await t.store.knex('e_order').where({ order_no: 'SQ-2' }).first('buyer')).toEqual({ buyer: sampleOrder(902).buyer });
  });

  it('refuses a query through the transaction after it ended, naming the mistake', async () => {
    let kept: StoreTransaction | null = null;
    await t.store.transaction(async (tx) => {
      kept = tx;
    });
    expect(() => kept!.knex('e_order')).toThrow(/ran after its transaction ended/);
    await expect(kept!.records.get('order', 1)).rejects.toThrow(/ran after its transaction ended/);
  });
});
