import { check } from '../lib/check.ts';
import { APP, createPaidOrders } from '../lib/orders.ts';
import { PHONE, type Spec } from '../lib/spec.ts';

/** The record page and the dashboard at a 390×844 phone size, screenshots saved; nothing overflows sideways. */
export const spec: Spec = {
  name: 'record page and dashboard on a 390×844 phone',
  async run(ctx) {
    const ops = await ctx.api('ops1');
    const [order] = await createPaidOrders(ops, 1, 'PHONE');
    check(order, 'an order exists');
    const page = await ctx.page('supervisor1', PHONE);

    await page.goto(`${ctx.server.url}/e/order/${order.id}`);
    await page.locator('[data-testid="record-title"]').waitFor();
    await page.locator('[data-testid="lines-table"] tbody tr').first().waitFor();
    await page.locator('[data-testid="timeline"] li').first().waitFor();
    check((await page.locator('button[data-transition="approve"]').count()) === 1, 'the supervisor sees 审核通过');
    const recordWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    check(recordWidth <= PHONE.width, `record page is ${recordWidth}px wide on a ${PHONE.width}px phone`);
    await ctx.screenshot(page, 'phone-record');

    await page.goto(`${ctx.server.url}/dashboards/ops_overview`);
    await page.locator('[data-testid="live"].on').waitFor();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-metric="today_orders"]')?.textContent ?? ''));
    await page.locator('[data-chart="per_state"] canvas').waitFor();
    const dashWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    check(dashWidth <= PHONE.width, `dashboard is ${dashWidth}px wide on a ${PHONE.width}px phone`);
    await ctx.screenshot(page, 'phone-dashboard');

    // The language switch: the same screen in English.
    await page.locator('.menu-button').isVisible();
    await page.locator('[data-testid="lang-switch"]').click();
    await page.getByText('Live').first().waitFor();
    await ctx.screenshot(page, 'phone-dashboard-en');
  },
};
