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

  it('writes every row and line at the sizes around the multi-row chunks (64, 32 … 1 rows a statement)', async () => {
    for (const size of [1, 63, 64, 65, 129]) {
      const rows = Array.from({ length: size }, (_, i) => {
        const row = sampleOrder(20_000 + size * 1000 + i);
        // 0 to 3 lines, so the line chunks end elsewhere than the record chunks.
        return { ...row, order_no: row.order_no as string, lines: Array.from({ length: i % 4 }, (_, k) => ({ sku: `S-${i}-${k}`, qty: k + 1, price: 100 * (k + 1) })) };
      });
      const ids = await t.store.records.insertMany('order', rows, meta);
      expect(ids).toEqual(Array.from({ length: size }, (_, i) => ids[0]! + i));
      const read = await t.store.records.getMany('order', ids);
      expect(read.map((r) => r.data.order_no)).toEqual(rows.map((r) => r.order_no));
      expect(read.map((r) => (r.data.lines as { sku: string }[]).map((l) => l.sku))).toEqual(rows.map((r) => r.lines.map((l) => l.sku)));
    }
  });

  it('gives ids after the largest the table ever had, as single inserts do, and single inserts carry on after them', async () => {
    const last = await t.store.records.insert('order', sampleOrder(30_000), meta);
    await t.store.records.delete('order', last.id);
    const ids = await t.store.records.insertMany('order', [sampleOrder(30_001), sampleOrder(30_002)], meta);
    expect(ids).toEqual([last.id + 1, last.id + 2]);
    expect((await t.store.records.insert('order', sampleOrder(30_003), meta)).id).toBe(last.id + 3);
  });

  it('rolls everything back when the database refuses a row in a later chunk', async () => {
    const lines = async () => Number((await t.store.knex('e_order_line').count({ n: '*' }))[0]!.n);
    const [beforeOrders, beforeLines] = [await t.store.records.count('order'), await lines()];
    const rows = Array.from({ length: 200 }, (_, i) => sampleOrder(40_000 + i));
    rows[150] = { ...sampleOrder(40_150), order_no: rows[10]!.order_no };
    await expect(t.store.records.insertMany('order', rows, meta)).rejects.toMatchObject({ code: 'STORE_DUPLICATE' });
    expect(await t.store.records.count('order')).toBe(beforeOrders);
    expect(await lines()).toBe(beforeLines);
  });

  it('accepts an empty batch', async () => {
    expect(await t.store.records.insertMany('order', [], meta)).toEqual([]);
  });
});
