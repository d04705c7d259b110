import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, seed } from '@statecraft/template-oms';
import { openTestStore, testStores, type TestStore } from './testing.ts';

const meta = { actor: 'intake', now: '2024-11-11T00:01:00.000Z', defVersion: 1 };

/** A seed record without the seed's own keys ($key, $transitions), references set to ids. */
function plain(record: Record<string, unknown>, refs: Record<string, number>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k.startsWith('$')) continue;
    out[k] = v && typeof v === 'object' && '$key' in v ? refs[(v as { $key: string }).$key] : v;
  }
  return out;
}

describe.each(await testStores())('the OMS template on %s', (dialect) => {
  let t: TestStore;
  const shops: Record<string, number> = {};
  beforeAll(async () => {
    t = await openTestStore(dialect, { memory: true });
    await t.store.applyDefinition(definition, { defVersion: 1 });
    for (const shop of (seed.records as Record<string, Record<string, unknown>[]>).shop ?? []) {
      shops[shop.$key as string] = (await t.store.records.insert('shop', plain(shop, {}), meta)).id;
    }
  });
  afterAll(() => t.dispose());

  const seedOrder = () => plain((seed.records as Record<string, Record<string, unknown>[]>).order![0]!, shops);

  it('creates every entity table, the order lines table and the channel + source order id unique index', async () => {
    for (const entity of definition.entities) expect(await t.store.knex.schema.hasTable(`e_${entity.id}`), entity.id).toBe(true);
    expect(await t.store.knex.schema.hasColumn('e_order_line', 'parent_id')).toBe(true);
    expect(t.store.model?.entities.get('order')?.indexes).toContainEqual({ name: 'ux_e_order_uq_channel_source', columns: ['channel', 'source_order_id'], unique: true });
    expect((await t.store.applyDefinition(definition, { defVersion: 1 })).changes).toEqual([]);
  });

  it('round-trips an order with its lines and address', async () => {
    const input: Record<string, unknown> = { ...seedOrder(), status: 'paid', item_count: 3 };
    const created = await t.store.records.insert('order', input, meta);
    const read = await t.store.records.get('order', created.id);
    expect(read).toEqual(created);
    expect(read.data.ship_to).toEqual(input.ship_to);
    expect(read.data.shop).toBe(shops.tmall);
    expect(read.data.paid_amount).toBe(64800);
    expect((read.data.lines as Record<string, unknown>[]).map(({ id: _id, ...line }) => line)).toEqual(
      (input.lines as Record<string, unknown>[]).map((l) => ({ amount: null, ...l })),
    );
    const page = await t.store.records.list('order', { filters: [{ field: 'ship_to.province', op: 'eq', value: '浙江省' }, { field: 'status', op: 'eq', value: 'paid' }] });
    expect(page.items.map((r) => r.id)).toEqual([created.id]);
  });

  it('refuses the same channel order twice (dedupe key channel + source_order_id)', async () => {
    const order = { ...seedOrder(), order_no: 'SO-DUP-1', source_order_id: 'dup-1' };
    await t.store.records.insert('order', order, meta);
    await expect(t.store.records.insert('order', { ...order, order_no: 'SO-DUP-2' }, meta)).rejects.toMatchObject({
      code: 'STORE_DUPLICATE',
      status: 409,
      details: { entity: 'order', fields: ['channel', 'source_order_id'] },
    });
  });

  it('takes the seed orders in one insertMany', async () => {
    const orders = (seed.records as Record<string, Record<string, unknown>[]>).order!.slice(1).map((o) => plain(o, shops));
    const ids = await t.store.records.insertMany('order', orders, meta);
    expect(ids).toHaveLength(orders.length);
    expect(await t.store.records.count('order', [{ field: 'id', op: 'in', value: ids }])).toBe(orders.length);
  });
});
