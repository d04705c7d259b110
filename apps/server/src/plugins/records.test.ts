import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';

const ORDERS = '/api/apps/ecommerce_oms/records/order';

describe.each(await testStores())('records on %s', (dialect) => {
  let h: Harness;
  let ops: string;
  const amounts = [12_000, 55_000, 8_800, 230_000, 55_000, 1_000];

  beforeAll(async () => {
    h = await openHarness(dialect);
    ops = await h.login('ops1');
    for (const [i, paid] of amounts.entries()) {
      const province = i % 2 === 0 ? '浙江省' : '广东省';
      const res = await h.as(ops, {
        method: 'POST',
        url: ORDERS,
        payload: { data: orderData({ order_no: `LIST${i}`, paid_amount: paid, ship_to: { province, city: '杭州市', district: '西湖区', detail: `路 ${i} 号` } }) },
      });
      expect(res.statusCode).toBe(201);
      if (i < 2) await h.as(ops, { method: 'POST', url: `${ORDERS}/${res.json().record.id}/transitions/pay`, payload: { version: 1 } });
    }
  });
  afterAll(() => h.dispose());

  const list = async (query: string) => {
    const res = await h.as(ops, { method: 'GET', url: `${ORDERS}?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { id: number; data: Record<string, unknown> }[]; next: string | null };
  };

  it('filters by state, money range, address part and null', async () => {
    expect((await list('filter[status]=pending_review')).items.map((r) => r.data.order_no).sort()).toEqual(['LIST0', 'LIST1']);
    expect((await list('filter[paid_amount][gte]=50000&filter[paid_amount][lt]=200000')).items.map((r) => r.data.order_no).sort()).toEqual(['LIST1', 'LIST4']);
    expect((await list(`filter[ship_to.province]=${encodeURIComponent('广东省')}`)).items).toHaveLength(3);
    expect((await list('filter[status][in]=pending_review,cancelled')).items).toHaveLength(2);
    expect((await list('filter[paid_at][isNull]=false')).items).toHaveLength(2);
    expect((await list('filter[order_no][prefix]=LIST')).items).toHaveLength(6);
  });

  it('sorts and pages with a keyset cursor', async () => {
    const first = await list('sort=-paid_amount,order_no&limit=4&filter[order_no][prefix]=LIST');
    expect(first.items.map((r) => r.data.paid_amount)).toEqual([230_000, 55_000, 55_000, 12_000]);
    expect(first.items.slice(1, 3).map((r) => r.data.order_no)).toEqual(['LIST1', 'LIST4']);
    expect(first.next).toBeTruthy();
    const second = await list(`sort=-paid_amount,order_no&limit=4&filter[order_no][prefix]=LIST&after=${encodeURIComponent(first.next!)}`);
    expect(second.items.map((r) => r.data.paid_amount)).toEqual([8_800, 1_000]);
    expect(second.next).toBeNull();
  });

  it('counts with the same filters', async () => {
    const res = await h.as(ops, { method: 'GET', url: `${ORDERS}/count?filter[paid_amount][gt]=10000` });
    expect(res.json()).toEqual({ count: 4 });
  });

  it('refuses bad list parameters with a code and a hint', async () => {
    const cases: [string, number, string][] = [
      ['limit=500', 400, 'HTTP_VALIDATION'],
      ['filter[paid_amount][gte]=lots', 400, 'LIST_BAD_FILTER'],
      ['filter[status][near]=paid', 400, 'LIST_BAD_FILTER'],
      ['filter[nope]=1', 400, 'STORE_UNKNOWN_FIELD'],
      ['sort=paid amount', 400, 'LIST_BAD_SORT'],
      ['after=garbage', 400, 'STORE_INVALID_CURSOR'],
      ['page=2', 400, 'HTTP_VALIDATION'],
    ];
    for (const [query, status, code] of cases) {
      const res = await h.as(ops, { method: 'GET', url: `${ORDERS}?${query}` });
      expect(res.statusCode, query).toBe(status);
      expect(res.json().error.code, `${query}: ${res.body}`).toBe(code);
      expect(res.json().error.hint, query).toBeTruthy();
    }
  });

  it('reads one record with its lines; unknown ids, entities and apps are 404', async () => {
    const [first] = (await list('filter[order_no]=LIST0')).items;
    const one = await h.as(ops, { method: 'GET', url: `${ORDERS}/${first!.id}` });
    expect(one.json()).toMatchObject({ entity: 'order', data: { order_no: 'LIST0', lines: [{ sku_code: 'HG-SN-001', qty: 2, amount: 11_980 }] } });
    for (const [url, code] of [
      [`${ORDERS}/999999`, 'STORE_RECORD_NOT_FOUND'],
      ['/api/apps/ecommerce_oms/records/invoice', 'ENTITY_NOT_FOUND'],
      ['/api/apps/nope/records/order', 'APP_NOT_FOUND'],
      ['/api/nothing-here', 'HTTP_NOT_FOUND'],
    ] as const) {
      const res = await h.as(ops, { method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe(code);
    }
  });

  it('refuses a second order with the same order number: 409 STORE_DUPLICATE', async () => {
    const res = await h.as(ops, { method: 'POST', url: ORDERS, payload: { data: orderData({ order_no: 'LIST0' }) } });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('STORE_DUPLICATE');
  });

  it('validates bodies: bad JSON and unknown properties are 400 with problems', async () => {
    const badJson = await h.app.inject({ method: 'POST', url: ORDERS, headers: { cookie: ops, 'content-type': 'application/json' }, payload: '{"data": ' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('HTTP_BAD_JSON');
    const extra = await h.as(ops, { method: 'PATCH', url: `${ORDERS}/1`, payload: { data: {}, versoin: 1 } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.problems.map((p: { path: string }) => p.path)).toContain('/body/version');
  });
});
