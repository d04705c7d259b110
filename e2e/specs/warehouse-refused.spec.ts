import { check } from '../lib/check.ts';
import { APP, createPaidOrders } from '../lib/orders.ts';
import type { Spec } from '../lib/spec.ts';

/** A warehouse user sees no approve button — on the record or as a batch action — and the API refuses the approval too. */
export const spec: Spec = {
  name: 'warehouse sees no approve button and the API refuses approval',
  async run(ctx) {
    const ops = await ctx.api('ops1');
    const [order] = await createPaidOrders(ops, 1, 'WH');
    check(order && order.state === 'pending_review', 'an order waits for review');

    const page = await ctx.page('warehouse1');
    await page.goto(`${ctx.server.url}/e/order/${order.id}`);
    await page.locator('[data-testid="record-title"]').waitFor();
    await page.locator('.badge[data-state="pending_review"]').first().waitFor();
    await page.locator('[data-testid="timeline"] li').first().waitFor();
    check((await page.locator('button[data-transition="approve"]').count()) === 0, 'no approve button on the record page');
    check((await page.getByRole('button', { name: '审核通过' }).count()) === 0, 'no button labelled 审核通过');
    await ctx.screenshot(page, 'warehouse-record-no-approve');

    await page.goto(`${ctx.server.url}/e/order`);
    await page.locator('tr[data-record-id]').first().waitFor();
    const row = page.locator(`tr[data-record-id="${order.id}"]`);
    if ((await row.count()) > 0 && (await row.locator('td.sel input').count()) > 0) {
      await row.locator('td.sel input').check();
      check((await page.locator('button[data-batch="approve"]').count()) === 0, 'no batch approve for warehouse');
    }

    const wh = await ctx.api('warehouse1');
    const single = await wh.request('POST', `/api/apps/${APP}/records/order/${order.id}/transitions/approve`, { version: 2 });
    check(single.status === 403 && single.json.error.code === 'ENGINE_ROLE_FORBIDDEN', `single approve: ${single.status} ${JSON.stringify(single.json)}`);
    const current = await wh.ok('GET', `/api/apps/${APP}/records/order/${order.id}`);
    const bulk = await wh.request('POST', `/api/apps/${APP}/records/order/bulk/transitions/approve`, { items: [{ id: order.id, version: current.version }] });
    check(bulk.status === 403 && bulk.json.error.code === 'ENGINE_ROLE_FORBIDDEN', `bulk approve: ${bulk.status} ${JSON.stringify(bulk.json)}`);
    const after = await wh.ok('GET', `/api/apps/${APP}/records/order/${order.id}`);
    check(after.data.status === 'pending_review' && after.version === current.version, 'the order is untouched');
  },
};
