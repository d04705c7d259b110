import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleOrder, shopDefinition } from './fixture-definition.ts';
import type { RecordEnvelope } from './record-envelope.ts';
import { StoreError } from './store-error.ts';
import { openTestStore, testStores, type TestStore } from './testing.ts';

const meta = { actor: 'u1', now: '2024-11-11T01:00:00.000Z', defVersion: 1 };
const later = { actor: 'u2', now: '2024-11-11T02:00:00.000Z', defVersion: 1 };

async function rejection(p: Promise<unknown>): Promise<StoreError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  return err as StoreError;
}

describe.each(await testStores())('RecordRepository on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(dialect);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
  });
  afterAll(() => t.dispose());

  describe('insert and get', () => {
    it('round-trips every field type, the address and the lines', async () => {
      const input = sampleOrder(101);
      const created = await t.store.records.insert('order', input, meta);
      expect(created).toMatchObject({ entity: 'order', version: 1, defVersion: 1, createdBy: 'u1', updatedBy: 'u1', hold: null });
      expect(created.createdAt).toBe('2024-11-11T01:00:00.000Z');
      const lines = created.data.lines as { id: number }[];
      expect(lines.every((l) => Number.isInteger(l.id))).toBe(true);
      const { lines: _l, ...rest } = created.data;
      // Datetimes come back in UTC; everything else exactly as sent.
      expect(rest).toEqual({ ...input, lines: undefined, paid_at: '2024-11-11T00:00:00.000Z', email: null, customer: null, remark: null });
      expect((created.data.lines as object[]).map(({ id: _id, ...l }: any) => l)).toEqual(input.lines);
      expect(await t.store.records.get('order', created.id)).toEqual(created);
    });

    it('stores missing optional values as null and an empty address as null', async () => {
      const created = await t.store.records.insert('order', { order_no: 'MIN-1' }, meta);
      expect(created.data.ship_to).toBeNull();
      expect(created.data.paid).toBeNull();
      expect(created.data.tags).toBeNull();
      expect(created.data.lines).toEqual([]);
      expect(created.data.status).toBeNull();
      // insert answers without reading the row back: what it answers is what a read returns.
      expect(await t.store.records.get('order', created.id)).toEqual(created);
    });

    it('keeps the address without zip and hash when they were not given', async () => {
      const ship_to = { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 8 栋' };
      const created = await t.store.records.insert('order', { order_no: 'ADDR-1', ship_to }, meta);
      expect(created.data.ship_to).toEqual(ship_to);
    });

    it('returns null from find and STORE_RECORD_NOT_FOUND from get for an unknown id', async () => {
      expect(await t.store.records.find('order', 999_999)).toBeNull();
      const err = await rejection(t.store.records.get('order', 999_999));
      expect(err.code).toBe('STORE_RECORD_NOT_FOUND');
      expect(err.status).toBe(404);
    });

    it('getMany returns the existing records in the order asked', async () => {
      const a = await t.store.records.insert('order', { order_no: 'GM-A' }, meta);
      const b = await t.store.records.insert('order', { order_no: 'GM-B' }, meta);
      const got = await t.store.records.getMany('order', [b.id, 999_998, a.id]);
      expect(got.map((r) => r.id)).toEqual([b.id, a.id]);
    });

    it('rejects unknown fields, naming them', async () => {
      const err = await rejection(t.store.records.insert('order', { order_no: 'X', colour: 'red' }, meta));
      expect(err.code).toBe('STORE_UNKNOWN_FIELD');
      expect(err.message).toContain('colour');
    });

    it.each([
      ['paid', 12.5, 'integer'],
      ['paid', '100', 'integer'],
      ['gift', 'yes', 'true or false'],
      ['order_date', '2024-02-30', 'YYYY-MM-DD'],
      ['paid_at', '2024-11-11 08:00:00', 'time zone'],
      ['tags', 'vip', 'array of strings'],
      ['weight', Number.NaN, 'finite number'],
      ['buyer', 7, 'a string'],
    ])('rejects %s = %j with a message naming the field', async (field, value, expected) => {
      const err = await rejection(t.store.records.insert('order', { order_no: 'BAD', [field]: value }, meta));
      expect(err.code).toBe('STORE_INVALID_VALUE');
      expect(err.message).toContain(`order.${field}`);
      expect(err.message).toContain(expected);
    });

    it('rejects an incomplete address and unknown address parts', async () => {
      const missing = await rejection(t.store.records.insert('order', { ship_to: { province: '浙江省' } }, meta));
      expect(missing.message).toContain('order.ship_to.city');
      const unknown = await rejection(t.store.records.insert('order', { ship_to: { province: 'a', city: 'b', district: 'c', detail: 'd', street: 'e' } }, meta));
      expect(unknown.code).toBe('STORE_UNKNOWN_FIELD');
      expect(unknown.message).toContain('ship_to.street');
    });

    it('rejects bad line items with their index', async () => {
      const err = await rejection(t.store.records.insert('order', { order_no: 'L', lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 'two' }] }, meta));
      expect(err.message).toContain('order.lines[1].qty');
      expect(await t.store.records.count('order', [{ field: 'order_no', op: 'eq', value: 'L' }])).toBe(0);
    });

    it('refuses to write line entities directly and unknown entities', async () => {
      expect((await rejection(t.store.records.insert('order_line', { sku: 'A' }, meta))).message).toContain('order.lines');
      expect((await rejection(t.store.records.insert('nope', {}, meta))).code).toBe('STORE_UNKNOWN_ENTITY');
    });

    it('checks the write meta', async () => {
      const err = await rejection(t.store.records.insert('order', {}, { actor: 'u1', now: 'yesterday', defVersion: 1 }));
      expect(err.message).toContain('meta.now');
      const noVersion = await rejection(t.store.records.insert('order', {}, { actor: 'u1', now: meta.now, defVersion: 0 }));
      expect(noVersion.message).toContain('meta.defVersion');
    });
  });

  describe('update', () => {
    it('writes the fields given, bumps the version and keeps the others', async () => {
      const created = await t.store.records.insert('order', sampleOrder(201), meta);
      const updated = await t.store.records.update('order', created.id, 1, { status: 'reviewed', remark: '加急' }, later);
      expect(updated.version).toBe(2);
      expect(updated.updatedBy).toBe('u2');
      expect(updated.updatedAt).toBe(later.now);
      expect(updated.createdAt).toBe(meta.now);
      expect(updated.data).toEqual({ ...created.data, status: 'reviewed', remark: '加急' });
    });

    it('fails with STORE_VERSION_CONFLICT (409) on a stale version and changes nothing', async () => {
      const created = await t.store.records.insert('order', sampleOrder(202), meta);
      await t.store.records.update('order', created.id, 1, { remark: 'first' }, later);
      const err = await rejection(t.store.records.update('order', created.id, 1, { remark: 'second' }, later));
      expect(err.code).toBe('STORE_VERSION_CONFLICT');
      expect(err.status).toBe(409);
      expect(err.details).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
      expect((await t.store.records.get('order', created.id)).data.remark).toBe('first');
    });

    it('fails with STORE_RECORD_NOT_FOUND for a missing record', async () => {
      expect((await rejection(t.store.records.update('order', 987_654, 1, { remark: 'x' }, later))).code).toBe('STORE_RECORD_NOT_FOUND');
    });

    it('replaces lines: keeps listed ids, adds new ones, deletes the rest, renumbers', async () => {
      const created = await t.store.records.insert('order', { order_no: 'LN-1', lines: [{ sku: 'A', qty: 1, price: 1 }, { sku: 'B', qty: 2, price: 2 }, { sku: 'C', qty: 3, price: 3 }] }, meta);
      const [a, , c] = created.data.lines as (Record<string, unknown> & { id: number })[];
      const updated = await t.store.records.update('order', created.id, 1, { lines: [{ ...c, qty: 30 }, { sku: 'D', qty: 4, price: 4 }, a] }, later);
      const lines = updated.data.lines as (Record<string, unknown> & { id: number })[];
      expect(lines.map((l) => l.sku)).toEqual(['C', 'D', 'A']);
      expect(lines[0]).toEqual({ ...c, qty: 30 });
      expect(lines[2]).toEqual(a);
      expect(lines[1]!.id).not.toBe(created.data.lines && (created.data.lines as { id: number }[])[1]!.id);
      const raw = await t.store.knex('e_order_line').where({ parent_id: created.id }).orderBy('line_no');
      expect(raw.map((r: { line_no: number }) => Number(r.line_no))).toEqual([1, 2, 3]);
    });

    it('leaves lines alone when the patch does not mention them', async () => {
      const created = await t.store.records.insert('order', sampleOrder(203), meta);
      const updated = await t.store.records.update('order', created.id, 1, { remark: 'x' }, later);
      expect(updated.data.lines).toEqual(created.data.lines);
    });

    it('refuses a line id that belongs to another record', async () => {
      const one = await t.store.records.insert('order', sampleOrder(204), meta);
      const two = await t.store.records.insert('order', sampleOrder(205), meta);
      const foreign = (one.data.lines as { id: number }[])[0]!;
      const err = await rejection(t.store.records.update('order', two.id, 1, { lines: [foreign] }, later));
      expect(err.code).toBe('STORE_INVALID_VALUE');
      expect(err.message).toContain('order.lines[0].id');
    });

    it('sets the hold in the same write when asked', async () => {
      const created = await t.store.records.insert('order', sampleOrder(206), meta);
      const hold = { reason: { 'zh-CN': '地址相似', en: 'similar address' }, at: later.now, by: 'rule:similar' };
      const held = await t.store.records.update('order', created.id, 1, { remark: 'check' }, later, { hold });
      expect(held.version).toBe(2);
      expect(held.hold).toEqual(hold);
    });
  });

  describe('setHold', () => {
    it('holds and releases, one version each', async () => {
      const created = await t.store.records.insert('order', sampleOrder(301), meta);
      const hold = { reason: { 'zh-CN': '重复下单' }, at: '2024-11-11T03:00:00+08:00', by: 'u3' };
      const held = await t.store.records.setHold('order', created.id, hold, { actor: 'u3', now: later.now });
      expect(held.hold).toEqual({ ...hold, at: '2024-11-10T19:00:00.000Z' });
      expect(held.version).toBe(2);
      const released = await t.store.records.setHold('order', created.id, null, { actor: 'u4', now: later.now, expectedVersion: 2 });
      expect(released.hold).toBeNull();
      expect(released.version).toBe(3);
      expect(released.updatedBy).toBe('u4');
      expect((await rejection(t.store.records.setHold('order', created.id, null, { expectedVersion: 2 }))).code).toBe('STORE_VERSION_CONFLICT');
    });

    it('rejects a malformed hold', async () => {
      const created = await t.store.records.insert('order', sampleOrder(302), meta);
      const err = await rejection(t.store.records.setHold('order', created.id, { reason: '?' } as never));
      expect(err.code).toBe('STORE_INVALID_VALUE');
      expect(err.message).toContain('hold');
    });
  });

  describe('delete', () => {
    it('deletes the record and its lines, checking the version', async () => {
      const created = await t.store.records.insert('order', sampleOrder(401), meta);
      expect((await rejection(t.store.records.delete('order', created.id, 5))).code).toBe('STORE_VERSION_CONFLICT');
      await t.store.records.delete('order', created.id, 1);
      expect(await t.store.records.find('order', created.id)).toBeNull();
      expect(await t.store.knex('e_order_line').where({ parent_id: created.id })).toEqual([]);
    });
  });
});

describe.each(await testStores())('RecordRepository.list on %s', (dialect) => {
  let t: TestStore;
  const all: RecordEnvelope[] = [];
  beforeAll(async () => {
    t = await openTestStore(dialect);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    const provinces = ['浙江省', '广东省', '浙江省', null, '江苏省', '广东省', '浙江省', null, '上海市', '浙江省', '广东省', '北京市'];
    for (const [i, province] of provinces.entries()) {
      const n = i + 1;
      all.push(
        await t.store.records.insert(
          'order',
          {
            order_no: `LS-${String(n).padStart(3, '0')}`,
            buyer: i % 3 === 0 ? 'Zhang_%' : `buyer${i % 4}`,
            channel: i % 2 === 0 ? 'taobao' : 'jd',
            ship_to: province ? { province, city: 'c', district: 'd', detail: `d${n}` } : null,
            // Ties and nulls on purpose: pagination must still visit every record once.
            paid: i % 5 === 4 ? null : 1000 * (i % 4),
            gift: i % 2 === 0,
            order_date: `2024-11-${String(10 + (i % 3)).padStart(2, '0')}`,
            paid_at: `2024-11-11T0${i % 10}:00:00Z`,
            weight: i / 4,
            status: ['paid', 'reviewed', 'shipped'][i % 3],
            lines: [{ sku: `S${n}`, qty: n, price: 1 }],
          },
          meta,
        ),
      );
    }
  });
  afterAll(() => t.dispose());

  const ids = (records: RecordEnvelope[]) => records.map((r) => r.id);
  const where = (pred: (r: RecordEnvelope) => boolean) => ids(all.filter(pred));
  const list = async (options: Parameters<TestStore['store']['records']['list']>[1]) => (await t.store.records.list('order', options)).items;

  it('lists in id order by default, with lines', async () => {
    const items = await list({});
    expect(ids(items)).toEqual(ids(all));
    expect(items[0]!.data.lines).toEqual(all[0]!.data.lines);
  });

  it.each([
    ['eq on the state column', { field: 'status', op: 'eq', value: 'reviewed' }, (r: RecordEnvelope) => r.data.status === 'reviewed'],
    ['ne includes nulls', { field: 'ship_to.province', op: 'ne', value: '浙江省' }, (r: RecordEnvelope) => (r.data.ship_to as { province?: string } | null)?.province !== '浙江省'],
    ['in', { field: 'ship_to.province', op: 'in', value: ['广东省', '江苏省'] }, (r: RecordEnvelope) => ['广东省', '江苏省'].includes((r.data.ship_to as { province: string } | null)?.province ?? '')],
    ['in with no values', { field: 'status', op: 'in', value: [] }, () => false],
    ['prefix treats % and _ literally', { field: 'buyer', op: 'prefix', value: 'Zhang_%' }, (r: RecordEnvelope) => r.data.buyer === 'Zhang_%'],
    ['prefix is case-sensitive', { field: 'buyer', op: 'prefix', value: 'zhang' }, () => false],
    ['contains', { field: 'order_no', op: 'contains', value: '-01' }, (r: RecordEnvelope) => String(r.data.order_no).includes('-01')],
    ['gt on money', { field: 'paid', op: 'gt', value: 1000 }, (r: RecordEnvelope) => (r.data.paid as number | null) !== null && (r.data.paid as number) > 1000],
    ['lte on a date', { field: 'order_date', op: 'lte', value: '2024-11-11' }, (r: RecordEnvelope) => String(r.data.order_date) <= '2024-11-11'],
    ['gte on a datetime given in +08:00', { field: 'paid_at', op: 'gte', value: '2024-11-11T13:00:00+08:00' }, (r: RecordEnvelope) => String(r.data.paid_at) >= '2024-11-11T05:00:00.000Z'],
    ['lt on a decimal', { field: 'weight', op: 'lt', value: 1.5 }, (r: RecordEnvelope) => (r.data.weight as number) < 1.5],
    ['eq on a boolean', { field: 'gift', op: 'eq', value: true }, (r: RecordEnvelope) => r.data.gift === true],
    ['isNull on an address part', { field: 'ship_to.province', op: 'isNull' }, (r: RecordEnvelope) => r.data.ship_to === null],
    ['isNull false', { field: 'paid', op: 'isNull', value: false }, (r: RecordEnvelope) => r.data.paid !== null],
    ['hold isNull', { field: 'hold', op: 'isNull' }, () => true],
    ['id gt', { field: 'id', op: 'gt', value: 0 }, () => true],
  ] as const)('filters: %s', async (_name, filter, pred) => {
    expect(ids(await list({ filters: [filter as never], limit: 1000 }))).toEqual(where(pred));
    expect(await t.store.records.count('order', [filter as never])).toBe(where(pred).length);
  });

  it('combines filters with AND', async () => {
    const filters = [
      { field: 'ship_to.province', op: 'eq', value: '浙江省' },
      { field: 'channel', op: 'eq', value: 'taobao' },
    ] as const;
    expect(ids(await list({ filters: [...filters] }))).toEqual(where((r) => (r.data.ship_to as { province: string } | null)?.province === '浙江省' && r.data.channel === 'taobao'));
  });

  it.each([
    [{ field: 'paid', direction: 'asc' }],
    [{ field: 'paid', direction: 'desc' }],
    [{ field: 'ship_to.province', direction: 'asc' }],
    [{ field: 'paid_at', direction: 'desc' }],
    [{ field: 'gift', direction: 'asc' }],
    [[{ field: 'status', direction: 'asc' }, { field: 'paid', direction: 'desc' }]],
  ] as const)('pages through every record exactly once, in sort order (%j)', async (sort) => {
    const full = await list({ sort: sort as never, limit: 1000 });
    expect(full).toHaveLength(all.length);
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<TestStore['store']['records']['list']>> = await t.store.records.list('order', { sort: sort as never, limit: 5, after });
      seen.push(...ids(page.items));
      after = page.next;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids(full));
    // Nulls last, whatever the direction.
    const keys = (Array.isArray(sort) ? sort : [sort]) as { field: string }[];
    const first = keys[0]!.field === 'ship_to.province' ? (r: RecordEnvelope) => (r.data.ship_to as { province: string } | null)?.province ?? null : (r: RecordEnvelope) => r.data[keys[0]!.field] ?? null;
    const values = full.map(first);
    const firstNull = values.indexOf(null);
    if (firstNull >= 0) expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
  });

  it('sorts paid descending with id as the tie-breaker', async () => {
    const items = await list({ sort: { field: 'paid', direction: 'desc' }, limit: 1000 });
    const expected = [...all].sort((a, b) => {
      const pa = a.data.paid as number | null;
      const pb = b.data.paid as number | null;
      if (pa === pb) return b.id - a.id;
      if (pa === null) return 1;
      if (pb === null) return -1;
      return pb - pa;
    });
    expect(ids(items)).toEqual(ids(expected));
  });

  it('filters and pages together', async () => {
    const filters = [{ field: 'channel', op: 'eq', value: 'jd' }] as const;
    const first = await t.store.records.list('order', { filters: [...filters], sort: { field: 'paid' }, limit: 4 });
    const second = await t.store.records.list('order', { filters: [...filters], sort: { field: 'paid' }, limit: 4, after: first.next });
    expect([...ids(first.items), ...ids(second.items)].sort((a, b) => a - b)).toEqual(where((r) => r.data.channel === 'jd'));
    expect(second.next).toBeNull();
  });

  it('rejects unknown fields, wrong operators, bad values and foreign cursors', async () => {
    const unknown = await rejection(t.store.records.list('order', { filters: [{ field: 'colour', op: 'eq', value: 1 }] }));
    expect(unknown.code).toBe('STORE_UNKNOWN_FIELD');
    expect(unknown.message).toContain('colour');
    expect((await rejection(t.store.records.count('order', [{ field: 'ship_to', op: 'eq', value: 'x' }]))).message).toContain('ship_to.province');
    expect((await rejection(t.store.records.list('order', { filters: [{ field: 'paid', op: 'prefix', value: '1' }] }))).code).toBe('STORE_INVALID_FILTER');
    expect((await rejection(t.store.records.list('order', { filters: [{ field: 'tags', op: 'eq', value: 'vip' }] }))).message).toContain('cannot be filtered');
    expect((await rejection(t.store.records.list('order', { filters: [{ field: 'paid', op: 'gt', value: 'lots' }] }))).code).toBe('STORE_INVALID_FILTER');
    const page = await t.store.records.list('order', { sort: { field: 'paid' }, limit: 2 });
    expect((await rejection(t.store.records.list('order', { sort: { field: 'buyer' }, after: page.next }))).code).toBe('STORE_INVALID_CURSOR');
    expect((await rejection(t.store.records.list('order', { after: 'garbage!' }))).code).toBe('STORE_INVALID_CURSOR');
    expect((await rejection(t.store.records.list('order', { limit: 0 }))).message).toContain('limit');
    expect((await rejection(t.store.records.list('order', { sort: { field: 'tags' } }))).code).toBe('STORE_INVALID_ARGUMENT');
  });

  it('lists line records by parent', async () => {
    const page = await t.store.records.list('order_line', { filters: [{ field: 'parentId', op: 'eq', value: all[2]!.id }] });
    expect(page.items.map((r) => r.data.sku)).toEqual(['S3']);
  });
});
