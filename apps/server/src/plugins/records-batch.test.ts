import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';

const ORDERS = '/api/apps/ecommerce_oms/records/order';
const BATCH = `${ORDERS}/batch`;

/** The stored rows of an order (its table row, its lines, its audit rows) without ids and what differs by design. */
async function storedRows(h: Harness, id: number): Promise<Record<string, unknown>> {
  const knex = h.app.store.knex;
  const strip = (row: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));
  const order = await knex('e_order').where({ id }).first();
  const lines = await knex('e_order_line').where({ parent_id: id }).orderBy('line_no');
  const audit = await knex('sc_audit').where({ entity: 'order', record_id: id }).orderBy('id');
  return {
    order: strip(order, 'id', 'order_no', 'source_order_id'),
    lines: lines.map((l: Record<string, unknown>) => strip(l, 'id', 'parent_id')),
    audit: audit.map((a: Record<string, unknown>) => ({ ...strip(a, 'id', 'record_id'), after: JSON.parse(String(a.after).replace(/"(BATCH|SINGLE)-CMP"/g, '"CMP"')) })),
  };
}

describe.each(await testStores())('batch create on %s', (dialect) => {
  let h: Harness;
  let ops: string;

  beforeAll(async () => {
    h = await openHarness(dialect);
    ops = await h.login('ops1');
  });
  afterAll(() => h.dispose());

  const count = async (prefix: string) => (await h.as(ops, { method: 'GET', url: `${ORDERS}/count?filter[order_no][prefix]=${prefix}` })).json().count as number;

  it('creates every row, in order, each as a single create would (effects included)', async () => {
    const rows = [
      orderData({ order_no: 'BOK-1' }),
      // gift + invoice: the created rule raises an alert, so this row takes the one-by-one path.
      orderData({ order_no: 'BOK-2', is_gift: true, invoice_requested: true, invoice_title: '杭州某公司' }),
      orderData({ order_no: 'BOK-3', lines: [{ sku_code: 'A', sku_name: 'a', qty: 1, unit_price: 100 }, { sku_code: 'B', sku_name: 'b', qty: 3, unit_price: 250 }], goods_amount: 850, paid_amount: 850 }),
    ];
    const res = await h.as(ops, { method: 'POST', url: BATCH, payload: { rows } });
    expect(res.statusCode, res.body).toBe(201);
    const { ids } = res.json() as { ids: number[] };
    expect(ids).toHaveLength(3);
    for (const [i, id] of ids.entries()) {
      const record = (await h.as(ops, { method: 'GET', url: `${ORDERS}/${id}` })).json();
      expect(record).toMatchObject({ version: 1, createdBy: expect.any(String), data: { order_no: `BOK-${i + 1}`, status: 'pending_payment' } });
    }
    const third = (await h.as(ops, { method: 'GET', url: `${ORDERS}/${ids[2]}` })).json();
    expect(third.data.lines.map((l: { amount: number }) => l.amount)).toEqual([100, 750]);
    const alerts = await h.app.store.knex('sc_alert').where({ entity: 'order', record_id: ids[1] });
    expect(alerts.map((a: { code: string }) => a.code)).toEqual(['gift_with_invoice']);
    const timeline = await h.app.store.audit.listForRecord('order', ids[0]!);
    expect(timeline).toMatchObject([{ action: 'create', actor: expect.any(String), before: null, after: { order_no: 'BOK-1', status: 'pending_payment' } }]);
  });

  it('stores exactly what the single create stores', async () => {
    const data = orderData({ order_no: 'X', source_order_id: 'X', lines: [{ sku_code: 'A', sku_name: 'a', qty: 2, unit_price: 990 }, { sku_code: 'B', sku_name: 'b', qty: 1, unit_price: 100, gift: true }], goods_amount: 2080, paid_amount: 2080 });
    const single = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: { ...data, order_no: 'SINGLE-CMP', source_order_id: 'SINGLE-CMP' } } });
    expect(single.statusCode, single.body).toBe(201);
    const batch = await h.as(ops, { method: 'POST', url: BATCH, payload: { rows: [{ ...data, order_no: 'BATCH-CMP', source_order_id: 'BATCH-CMP' }] } });
    expect(batch.statusCode, batch.body).toBe(201);
    const a = await storedRows(h, single.json().record.id);
    const b = await storedRows(h, batch.json().ids[0]);
    expect((a.lines as unknown[]).length).toBe(2);
    expect((a.audit as unknown[]).length).toBe(1);
    expect(b).toEqual(a);
  });

  it('refuses the whole batch when one row is invalid, naming the row and the field', async () => {
    const rows = [orderData({ order_no: 'BBAD-1' }), orderData({ order_no: 'BBAD-2', paid_amount: 'lots' }), orderData({ order_no: 'BBAD-3' })];
    const res = await h.as(ops, { method: 'POST', url: BATCH, payload: { rows } });
    expect(res.statusCode, res.body).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('RECORD_BATCH_INVALID');
    expect(error.hint).toBeTruthy();
    expect(error.problems).toEqual([expect.objectContaining({ path: '/rows/1/paid_amount', severity: 'error' })]);
    expect(error.rows).toEqual([expect.objectContaining({ row: 1, code: 'ENGINE_RECORD_INVALID' })]);
    expect(await count('BBAD')).toBe(0);
  });

  it('writes nothing when the store refuses a row (a duplicate order no.)', async () => {
    const res = await h.as(ops, { method: 'POST', url: BATCH, payload: { rows: [orderData({ order_no: 'BDUP-1' }), orderData({ order_no: 'BDUP-1' })] } });
    expect(res.statusCode, res.body).toBe(409);
    expect(await count('BDUP')).toBe(0);
  });

  it('writes no order, line or audit row when the store refuses a row in a later chunk', async () => {
    const total = async (table: string) => Number((await h.app.store.knex(table).count({ n: '*' }))[0]!.n);
    const before = [await total('e_order'), await total('e_order_line'), await total('sc_audit')];
    const rows = Array.from({ length: 200 }, (_, i) => orderData({ order_no: `BLATE-${i}`, source_order_id: `BLATE-${i}` }));
    rows[150] = orderData({ order_no: 'BLATE-10', source_order_id: 'BLATE-150' });
    const res = await h.as(ops, { method: 'POST', url: BATCH, payload: { rows } });
    expect(res.statusCode, res.body).toBe(409);
    expect(await count('BLATE')).toBe(0);
    expect([await total('e_order'), await total('e_order_line'), await total('sc_audit')]).toEqual(before);
  });

  // 200 rows or more are decided on the decision thread while earlier chunks are written.
  it('a big batch stores what the single create stores, row for row, effects included', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => orderData({ order_no: `BBIG-${i}`, source_order_id: `BBIG-${i}`, buyer_nick: 'big_batch_buyer', ship_to: { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 1 号' } }));
    rows[260] = { ...rows[260]!, is_gift: true, invoice_requested: true, invoice_title: '杭州某公司' };
    const res = await h.as(ops, { method: 'POST', url: BATCH, payload: { rows } });
    expect(res.statusCode, res.body).toBe(201);
    const { ids } = res.json() as { ids: number[] };
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    for (const i of [0, 9, 10, 137, 260, 299]) {
      const single = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: { ...rows[i], order_no: `BIGCMP-${i}`, source_order_id: `BIGCMP-${i}` } } });
      expect(single.statusCode, single.body).toBe(201);
      const a = await storedRows(h, single.json().record.id);
      const b = await storedRows(h, ids[i]!);
      expect({ ...b, audit: (b.audit as { after: Record<string, unknown> }[]).map((x) => ({ ...x, after: { ...x.after, order_no: 'CMP', source_order_id: 'CMP' } })) }, `row ${i}`).toEqual({
        ...a,
        audit: (a.audit as { after: Record<string, unknown> }[]).map((x) => ({ ...x, after: { ...x.after, order_no: 'CMP', source_order_id: 'CMP' } })),
      });
      const stored = (await h.as(ops, { method: 'GET', url: `${ORDERS}/${ids[i]}` })).json();
      expect(stored.data.order_no).toBe(`BBIG-${i}`);
    }
    const alerts = await h.app.store.knex('sc_alert').where({ entity: 'order', record_id: ids[260] });
    expect(alerts.map((a: { code: string }) => a.code)).toEqual(['gift_with_invoice']);
  });

  it('a big batch with refused rows in several chunks names every one and writes nothing', async () => {
    const total = async (table: string) => Number((await h.app.store.knex(table).count({ n: '*' }))[0]!.n);
    const before = [await total('e_order'), await total('e_order_line'), await total('sc_audit'), await total('sc_alert')];
    const rows = Array.from({ length: 400 }, (_, i) => orderData({ order_no: `BREF-${i}`, source_order_id: `BREF-${i}` }));
    // A duplicate early (the store would refuse it at the write) and two invalid rows later: the
    // refusals are what the caller hears, as when every row is decided before anything is written.
    rows[1] = orderData({ order_no: 'BREF-0', source_order_id: 'BREF-1' });
    rows[5] = { ...rows[5]!, is_gift: true, invoice_requested: true, invoice_title: '某公司' };
    rows[250] = orderData({ order_no: 'BREF-250', paid_amount: 'lots' });
    rows[399] = orderData({ order_no: 'BREF-399', ordered_at: 'yesterday' });
    const res = await h.as(ops, { method: 'POST', url: BATCH, payload: { rows } });
    expect(res.statusCode, res.body).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('RECORD_BATCH_INVALID');
    expect(error.rows.map((r: { row: number }) => r.row)).toEqual([250, 399]);
    expect(error.problems).toEqual([expect.objectContaining({ path: '/rows/250/paid_amount' }), expect.objectContaining({ path: '/rows/399/ordered_at' })]);
    expect(await count('BREF')).toBe(0);
    expect([await total('e_order'), await total('e_order_line'), await total('sc_audit'), await total('sc_alert')]).toEqual(before);
  });

  it('checks the create roles, and the size of the batch', async () => {
    const warehouse = await h.login('warehouse1');
    const refused = await h.as(warehouse, { method: 'POST', url: BATCH, payload: { rows: [orderData({ order_no: 'BROLE-1' })] } });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('ENGINE_ROLE_FORBIDDEN');
    expect(await count('BROLE')).toBe(0);
    const empty = await h.as(ops, { method: 'POST', url: BATCH, payload: { rows: [] } });
    expect(empty.statusCode).toBe(400);
    const tooMany = await h.as(ops, { method: 'POST', url: BATCH, payload: { rows: Array.from({ length: 1001 }, () => ({})) } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.code).toBe('HTTP_VALIDATION');
  });
});
