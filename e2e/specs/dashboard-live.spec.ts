import { check } from '../lib/check.ts';
import { APP, orderData } from '../lib/orders.ts';
import type { Spec } from '../lib/spec.ts';

/** A new order created through the API shows on the open dashboard (server-sent events) within 2 seconds. */
export const spec: Spec = {
  name: 'a new order shows on the live dashboard within 2 seconds',
  async run(ctx) {
    const page = await ctx.page('supervisor1');
    await page.goto(`${ctx.server.url}/dashboards/ops_overview`);
    const metric = page.locator('[data-metric="today_orders"]');
    await page.locator('[data-testid="live"].on').waitFor();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-metric="today_orders"]')?.textContent ?? ''));
    const before = Number((await metric.innerText()).replace(/[^\d]/g, ''));
    // The baseline is the server's figure, and a fresh install has orders today (the seed's history is moved to the install time).
    const supervisor = await ctx.api('supervisor1');
    const figures = await supervisor.ok('GET', `/api/apps/${APP}/dashboards/ops_overview/data`);
    const served = figures.widgets.find((w: { id: string }) => w.id === 'today_orders')?.value;
    check(before === served, `the dashboard shows ${before} orders today, the API says ${served}`);
    check(before > 0, 'the seeded orders land today on a fresh install');

    const ops = await ctx.api('ops1');
    const t0 = Date.now();
    await ops.ok('POST', `/api/apps/${APP}/records/order`, { data: orderData('LIVE') });
    await page.waitForFunction((n) => Number((document.querySelector('[data-metric="today_orders"]')?.textContent ?? '').replace(/[^\d]/g, '')) === n, before + 1, { timeout: 2000 });
    const elapsed = Date.now() - t0;
    console.log(`    today's orders ${before} → ${before + 1} on screen ${elapsed} ms after the API answered`);
    check(elapsed < 2000, `dashboard updated after ${elapsed} ms`);
    await ctx.screenshot(page, 'dashboard-pc');
  },
};
