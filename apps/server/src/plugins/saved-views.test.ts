import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';

const VIEWS = '/api/apps/ecommerce_oms/views';

describe.each(await testStores())('saved views on %s', (dialect) => {
  let h: Harness;
  let ops: string;
  let cs: string;
  beforeAll(async () => {
    h = await openHarness(dialect);
    ops = await h.login('ops1');
    cs = await h.login('cs1');
  });
  afterAll(() => h.dispose());

  it('saves, lists per user and entity, and deletes a view', async () => {
    const body = { entity: 'order', name: '大额待审核', filters: [{ field: 'status', op: 'eq', value: 'pending_review' }, { field: 'paid_amount', op: 'gte', value: 500000 }], sort: { field: 'ordered_at', direction: 'asc' } };
    const created = await h.as(ops, { method: 'POST', url: VIEWS, payload: body });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json();
    expect(view).toMatchObject({ entity: 'order', name: '大额待审核', filters: body.filters, sort: body.sort });

    expect((await h.as(ops, { method: 'GET', url: `${VIEWS}?entity=order` })).json().items.map((v: { id: number }) => v.id)).toEqual([view.id]);
    expect((await h.as(ops, { method: 'GET', url: `${VIEWS}?entity=product` })).json().items).toEqual([]);
    expect((await h.as(cs, { method: 'GET', url: VIEWS })).json().items).toEqual([]);

    const foreign = await h.as(cs, { method: 'DELETE', url: `${VIEWS}/${view.id}` });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('VIEW_NOT_FOUND');
    expect((await h.as(ops, { method: 'DELETE', url: `${VIEWS}/${view.id}` })).statusCode).toBe(204);
    expect((await h.as(ops, { method: 'GET', url: VIEWS })).json().items).toEqual([]);
  });

  it('refuses a view the list would refuse, and saves nothing', async () => {
    const res = await h.as(ops, { method: 'POST', url: VIEWS, payload: { entity: 'order', name: 'bad', filters: [{ field: 'no_such_field', op: 'eq', value: 1 }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VIEW_INVALID');
    expect((await h.as(ops, { method: 'GET', url: VIEWS })).json().items).toEqual([]);
  });
});
