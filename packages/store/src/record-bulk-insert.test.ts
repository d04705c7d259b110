import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleOrder, shopDefinition } from './fixture-definition.ts';
import { openTestStore, testStores, type TestStore } from './testing.ts';

const meta = { actor: 'intake', now: '2024-11-11T01:00:00.000Z', defVersion: 1 };

describe.each(await testStores())('RecordRepository.insertMany on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(dialect, { memory: true });
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
  });
  afterAll(() => t.dispose());

  it('inserts records with their lines and returns ids in input order', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => sampleOrder(1000 + i));
    const ids = await t.store.records.insertMany('order', rows, meta);
    expect(ids).toHaveLength(250);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const read = await t.store.records.getMany('order', ids);
    read.forEach((record, i) => {
      expect(record.version).toBe(1);
      expect(record.createdBy).toBe('intake');
      expect(record.data.order_no).toBe(rows[i]!.order_no);
      expect(record.data.ship_to).toEqual(rows[i]!.ship_to);
      expect((record.data.lines as object[]).map(({ id: _id, ...l }: any) => l)).toEqual(rows[i]!.lines);
    });
  });

  it('gives the same records as insert', async () => {
    const [id] = await t.store.records.insertMany('order', [sampleOrder(5000)], meta);
    const single = await t.store.records.insert('order', { ...sampleOrder(5001), order_no: 'SINGLE' }, meta);
    const bulk = await t.store.records.get('order', id!);
    const strip = (r: typeof bulk) => ({ ...r, id: 0, data: { ...r.data, order_no: '', paid: 0, total: 0, buyer: '', gift: null, channel: null, ship_to: null, lines: (r.data.lines as object[]).map(({ id: _id, price: _p, ...l }: any) => l) } });
    expect(strip(bulk)).toEqual(strip(single));
  });

  it('inserts nothing when any row is invalid, naming the row', async () => {
    const before = await t.store.records.count('order');
    const rows = [sampleOrder(6000), { ...sampleOrder(6001), paid: 'a lot' }];
    await expect(t.store.records.insertMany('order', rows, meta)).rejects.toThrow(/rows\[1\]\.paid/);
    expect(await t.store.records.count('order')).toBe(before);
  });

  it('rolls the whole batch back when the database refuses a row', async () => {
    const before = await t.store.records.count('order');
    const rows = [sampleOrder(7000), sampleOrder(7001), sampleOrder(7000)];
    await expect(t.store.records.insertMany('order', rows, meta)).rejects.toMatchObject({ code: 'STORE_DUPLICATE', details: { fields: ['order_no'] } });
    expect(await t.store.records.count('order')).toBe(before);
  });

  it('joins the caller transaction', async () => {
    const before = await t.store.records.count('order');
    await expect(
      t.store.transaction(async (tx) => {
        await tx.records.insertMany('order', [sampleOrder(8000), sampleOrder(8001)], meta);
        expect(await tx.records.count('order')).toBe(before + 2);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await t.store.records.count('order')).toBe(before);
  });

  it('accepts an empty batch', async () => {
    expect(await t.store.records.insertMany('order', [], meta)).toEqual([]);
  });
});
