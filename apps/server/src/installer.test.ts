import { definition, seed } from '@statecraft/template-oms';
import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTemplate } from './installer.ts';
import { shiftSeedDates } from './services/seed-dates.ts';
import { DEMO_PASSWORD, openHarness, type Harness } from './testing/harness.ts';

const INSTALLED_AT = '2026-03-02T09:30:15.000Z';

describe.each(await testStores())('installer on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    // Generated admin password, given demo password, all seed records.
    // Installed long after the seed was written: its history moves to the install time.
    h = await openHarness(dialect, { install: { adminPassword: undefined, records: true }, build: { now: () => new Date(INSTALLED_AT) } });
  });
  afterAll(() => h.dispose());

  it('publishes the template as version 1 and creates the admin with a generated password', async () => {
    expect(h.installed).toMatchObject({ appId: 'ecommerce_oms', version: 1, admin: { username: 'admin', generated: true }, demoPassword: { generated: false } });
    const admin = await h.login('admin', h.installed!.admin.password);
    expect((await h.as(admin, { method: 'GET', url: '/api/auth/me' })).json()).toMatchObject({ roles: ['admin'], superuser: true });
    const users = (await h.as(admin, { method: 'GET', url: '/api/users' })).json().items.map((u: { username: string }) => u.username);
    expect(users.sort()).toEqual(['admin', ...seed.users.map((u) => u.username)].sort());
    await h.login('supervisor1', DEMO_PASSWORD);
  });

  it('seeds every record through the engine, resolving $key and firing $transitions', async () => {
    const expected = Object.fromEntries(Object.entries(seed.records).map(([entity, records]) => [entity, records.length]));
    expect(h.installed!.records).toEqual(expected);
    const admin = await h.login('admin', h.installed!.admin.password);
    const orders = (await h.as(admin, { method: 'GET', url: '/api/apps/ecommerce_oms/records/order?limit=200&sort=id' })).json().items;
    expect(orders).toHaveLength(seed.records.order!.length);
    const shops = (await h.as(admin, { method: 'GET', url: '/api/apps/ecommerce_oms/records/shop?sort=id' })).json().items;
    const tmall = shops.find((s: { data: { code: string } }) => s.data.code === 'TM001');
    for (const [i, seeded] of seed.records.order!.entries()) {
      const order = orders[i];
      expect(order.data.order_no).toBe(seeded.order_no);
      if ((seeded.shop as { $key?: string } | undefined)?.$key === 'tmall') expect(order.data.shop).toBe(tmall.id);
      const transitions = seeded.$transitions ?? [];
      // One write per transition after the create.
      expect(order.version, String(seeded.order_no)).toBe(1 + transitions.length);
      if (transitions.at(-1) === 'complete') expect(order.data.status).toBe('completed');
      if (transitions.at(-1) === 'ship') expect(order.data.status).toBe('shipped');
      if (transitions.length === 0) expect(order.data.status).toBe('pending_payment');
    }
    // The approvals queued their WMS pushes; the audit trail names the system actor.
    const outbox = (await h.as(admin, { method: 'GET', url: '/api/outbox?kind=http_request' })).json().items;
    const approvals = seed.records.order!.filter((o) => o.$transitions?.includes('approve')).length;
    expect(outbox).toHaveLength(approvals);
    const shipped = orders.find((o: { data: { status: string } }) => o.data.status === 'shipped');
    const timeline = (await h.as(admin, { method: 'GET', url: `/api/apps/ecommerce_oms/records/order/${shipped.id}/timeline` })).json().items;
    expect(timeline.map((e: { actor: string }) => e.actor)).toEqual(timeline.map(() => 'system'));
  });

  it('moves the seed history to the install time: today\'s orders and fulfilment hours are real figures', async () => {
    const admin = await h.login('admin', h.installed!.admin.password);
    const orders = (await h.as(admin, { method: 'GET', url: '/api/apps/ecommerce_oms/records/order?limit=200&sort=id' })).json().items as { data: Record<string, string> }[];
    const moved = shiftSeedDates(seed, definition, new Date(INSTALLED_AT)).seed.records.order!;
    orders.forEach((o, i) => {
      expect(o.data.ordered_at).toBe(moved[i]!.ordered_at);
      if (moved[i]!.paid_at) expect(o.data.paid_at).toBe(moved[i]!.paid_at);
    });
    const newest = orders.map((o) => o.data.ordered_at!).sort().at(-1);
    expect(newest).toBe(INSTALLED_AT);
    // Shipped orders were shipped at their $at, hours after payment, not at install.
    const shipped = orders.filter((o) => o.data.shipped_at);
    expect(shipped.length).toBeGreaterThan(0);
    const hours = shipped.map((o) => (Date.parse(o.data.shipped_at!) - Date.parse(o.data.paid_at!)) / 3_600_000);
    for (const x of hours) expect(x).toBeGreaterThan(1), expect(x).toBeLessThan(48);

    const widgets = (await h.as(admin, { method: 'GET', url: '/api/apps/ecommerce_oms/dashboards/ops_overview/data' })).json().widgets as { id: string; value: number }[];
    const startOfToday = Date.parse('2026-03-01T16:00:00.000Z'); // 00:00 in Shanghai, the dashboard's time zone
    const today = moved.filter((o) => Date.parse(o.ordered_at as string) >= startOfToday).length;
    expect(today).toBeGreaterThan(0);
    expect(widgets.find((w) => w.id === 'today_orders')!.value).toBe(today);
    const avg = hours.reduce((a, b) => a + b, 0) / hours.length;
    expect(widgets.find((w) => w.id === 'avg_fulfilment')!.value).toBeCloseTo(avg, 1);
  });

  it('does nothing when an app is already installed', async () => {
    expect(await installTemplate(h.app)).toBeNull();
  });
});
