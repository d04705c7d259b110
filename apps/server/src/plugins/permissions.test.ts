import { definition } from '@statecraft/template-oms';
import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness, type InjectRequest } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';

const APP = '/api/apps/ecommerce_oms';
const ORDERS = `${APP}/records/order`;

describe.each(await testStores())('role permissions on %s', (dialect) => {
  let h: Harness;
  const session = new Map<string, string>();
  /** An order waiting for review, and one reviewed (for the warehouse's buttons). */
  let pending: { id: number; version: number };

  beforeAll(async () => {
    h = await openHarness(dialect);
    for (const u of ['admin', 'analyst1', 'ops1', 'supervisor1', 'warehouse1', 'cs1', 'buyer1']) session.set(u, await h.login(u));
    const admin = session.get('admin')!;
    // A user whose only role is not in the app: no entity lists it.
    await h.as(admin, { method: 'POST', url: '/api/users', payload: { username: 'guest1', displayName: '访客', roles: ['guest'], password: 'guest-password' } });
    session.set('guest1', await h.login('guest1', 'guest-password'));
    const created = await h.as(session.get('ops1'), { method: 'POST', url: ORDERS, payload: { data: orderData() } });
    const paid = await h.as(session.get('ops1'), { method: 'POST', url: `${ORDERS}/${created.json().record.id}/transitions/pay`, payload: { version: 1 } });
    pending = { id: paid.json().record.id, version: paid.json().record.version };
    expect(paid.json().record.data.status).toBe('pending_review');
  });
  afterAll(() => h.dispose());

  const publishBody = () => ({ definition: { ...definition, version: '1.0.1' } });

  // What each role may not do, and the code the API refuses it with (always 403).
  const refusals: Record<string, [string, (ids: { id: number; version: number }) => InjectRequest, string][]> = {
    analyst1: [
      ['create an order', () => ({ method: 'POST', url: ORDERS, payload: { data: orderData() } }), 'ENGINE_ROLE_FORBIDDEN'],
      ['see the outbox', () => ({ method: 'GET', url: '/api/outbox' }), 'AUTH_FORBIDDEN'],
      ['create users', () => ({ method: 'POST', url: '/api/users', payload: { username: 'a', displayName: 'a', roles: [] } }), 'AUTH_FORBIDDEN'],
    ],
    ops1: [
      ['approve', (r) => ({ method: 'POST', url: `${ORDERS}/${r.id}/transitions/approve`, payload: { version: r.version } }), 'ENGINE_ROLE_FORBIDDEN'],
      ['delete an order', (r) => ({ method: 'DELETE', url: `${ORDERS}/${r.id}?version=${r.version}` }), 'PERMISSION_DENIED'],
      ['publish', () => ({ method: 'POST', url: `${APP}/definition/publish`, payload: publishBody() }), 'AUTH_FORBIDDEN'],
      ['send a channel event', (r) => ({ method: 'POST', url: `${ORDERS}/${r.id}/events/channel.cancelled`, payload: {} }), 'AUTH_FORBIDDEN'],
    ],
    supervisor1: [
      ['create an order', () => ({ method: 'POST', url: ORDERS, payload: { data: orderData() } }), 'ENGINE_ROLE_FORBIDDEN'],
      ['create a product', () => ({ method: 'POST', url: `${APP}/records/product`, payload: { data: { sku_code: 'X-1', name: 'x' } } }), 'ENGINE_ROLE_FORBIDDEN'],
    ],
    warehouse1: [
      ['approve', (r) => ({ method: 'POST', url: `${ORDERS}/${r.id}/transitions/approve`, payload: { version: r.version } }), 'ENGINE_ROLE_FORBIDDEN'],
      ['approve in bulk', (r) => ({ method: 'POST', url: `${ORDERS}/bulk/transitions/approve`, payload: { items: [r] } }), 'ENGINE_ROLE_FORBIDDEN'],
      ['update an order', (r) => ({ method: 'PATCH', url: `${ORDERS}/${r.id}`, payload: { version: r.version, data: { seller_remarks: '急' } } }), 'ENGINE_ROLE_FORBIDDEN'],
      ['create an order', () => ({ method: 'POST', url: ORDERS, payload: { data: orderData() } }), 'ENGINE_ROLE_FORBIDDEN'],
    ],
    cs1: [
      ['publish', () => ({ method: 'POST', url: `${APP}/definition/publish`, payload: publishBody() }), 'AUTH_FORBIDDEN'],
      ['save a draft', () => ({ method: 'PUT', url: `${APP}/definition/draft`, payload: definition }), 'AUTH_FORBIDDEN'],
      ['read the draft', () => ({ method: 'GET', url: `${APP}/definition/draft` }), 'AUTH_FORBIDDEN'],
      ['approve', (r) => ({ method: 'POST', url: `${ORDERS}/${r.id}/transitions/approve`, payload: { version: r.version } }), 'ENGINE_ROLE_FORBIDDEN'],
    ],
    buyer1: [
      ['create an order', () => ({ method: 'POST', url: ORDERS, payload: { data: orderData() } }), 'ENGINE_ROLE_FORBIDDEN'],
      ['cancel', (r) => ({ method: 'POST', url: `${ORDERS}/${r.id}/transitions/cancel`, payload: { version: r.version } }), 'ENGINE_ROLE_FORBIDDEN'],
    ],
    guest1: [
      ['list orders', () => ({ method: 'GET', url: ORDERS }), 'PERMISSION_DENIED'],
      ['count orders', () => ({ method: 'GET', url: `${ORDERS}/count` }), 'PERMISSION_DENIED'],
      ['read an order', (r) => ({ method: 'GET', url: `${ORDERS}/${r.id}` }), 'PERMISSION_DENIED'],
      ['read its timeline', (r) => ({ method: 'GET', url: `${ORDERS}/${r.id}/timeline` }), 'PERMISSION_DENIED'],
      ['see its buttons', (r) => ({ method: 'GET', url: `${ORDERS}/${r.id}/transitions` }), 'PERMISSION_DENIED'],
      ['bulk-transition orders', (r) => ({ method: 'POST', url: `${ORDERS}/bulk/transitions/approve`, payload: { items: [r] } }), 'PERMISSION_DENIED'],
    ],
  };

  it.each(Object.entries(refusals))('refuses %s what the role may not do', async (user, cases) => {
    for (const [what, request, code] of cases) {
      const res = await h.as(session.get(user), request(pending));
      expect(res.statusCode, `${user} may not ${what}: ${res.body}`).toBe(403);
      expect(res.json().error.code, `${user} may not ${what}`).toBe(code);
      expect(res.json().error.hint, `${user} may not ${what}`).toBeTruthy();
    }
    // Nothing was changed by the refusals.
    const record = await h.as(session.get('admin'), { method: 'GET', url: `${ORDERS}/${pending.id}` });
    expect(record.json().version).toBe(pending.version);
  });

  it('refuses every route without a session', async () => {
    for (const url of [ORDERS, `${ORDERS}/count`, `${ORDERS}/${pending.id}`, '/api/apps', `${APP}/alerts`, '/api/outbox']) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('AUTH_REQUIRED');
    }
  });

  it('lets each role do what it may: the supervisor approves, the warehouse prints and ships, the admin deletes', async () => {
    const approve = await h.as(session.get('supervisor1'), { method: 'POST', url: `${ORDERS}/${pending.id}/transitions/approve`, payload: { version: pending.version } });
    expect(approve.statusCode).toBe(200);
    let record = approve.json().record;
    const carrier = await h.as(session.get('ops1'), { method: 'PATCH', url: `${ORDERS}/${record.id}`, payload: { version: record.version, data: { carrier: 'sf', waybill_no: 'SF100200300' } } });
    expect(carrier.statusCode, carrier.body).toBe(200);
    record = carrier.json().record;
    const buttons = await h.as(session.get('warehouse1'), { method: 'GET', url: `${ORDERS}/${record.id}/transitions` });
    expect(buttons.json().items.map((o: { id: string }) => o.id)).toEqual(['print_waybill']);
    const all = await h.as(session.get('warehouse1'), { method: 'GET', url: `${ORDERS}/${record.id}/transitions?all=true` });
    expect(all.json().items).toContainEqual(expect.objectContaining({ id: 'cancel', allowed: false, reason: 'role', code: 'ENGINE_ROLE_FORBIDDEN' }));
    const printed = await h.as(session.get('warehouse1'), { method: 'POST', url: `${ORDERS}/bulk/transitions/print_waybill`, payload: { items: [{ id: record.id, version: record.version }, { id: 999999, version: 1 }] } });
    expect(printed.json()).toMatchObject({ succeeded: 1, failed: 1 });
    expect(printed.json().results[1].error.code).toBe('STORE_RECORD_NOT_FOUND');
    record = printed.json().results[0].record;
    const shipped = await h.as(session.get('warehouse1'), { method: 'POST', url: `${ORDERS}/${record.id}/transitions/ship`, payload: { version: record.version } });
    expect(shipped.json().record.data.status).toBe('shipped');
    record = shipped.json().record;
    const deleted = await h.as(session.get('admin'), { method: 'DELETE', url: `${ORDERS}/${record.id}?version=${record.version}` });
    expect(deleted.statusCode).toBe(204);
    const gone = await h.as(session.get('admin'), { method: 'GET', url: `${ORDERS}/${record.id}` });
    expect(gone.statusCode).toBe(404);
    const timeline = await h.as(session.get('admin'), { method: 'GET', url: `${ORDERS}/${record.id}/timeline` });
    expect(timeline.json().items.map((e: { action: string }) => e.action)).toEqual(['create', 'transition', 'transition', 'update', 'transition', 'transition', 'delete']);
    pending = { id: 0, version: 0 };
  });
});
