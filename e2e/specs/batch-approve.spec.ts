import { check } from '../lib/check.ts';
import { APP, createPaidOrders } from '../lib/orders.ts';
import type { Spec } from '../lib/spec.ts';

/** An ops supervisor filters the order list to 待审核 and approves 20 orders in one batch (批量审核). */
export const spec: Spec = {
  name: 'supervisor filters to 待审核 and batch-approves 20 orders',
  async run(ctx) {
    const ops = await ctx.api('ops1');
    const orders = await createPaidOrders(ops, 20, 'BATCH');
    check(orders.every((o) => o.state === 'pending_review'), `paid orders should wait for review, got ${orders.map((o) => o.state).join(',')}`);
    const ids = new Set(orders.map((o) => o.id));

    const page = await ctx.page('supervisor1');
    await page.goto(`${ctx.server.url}/e/order`);
    await page.locator('.chips button[data-state="pending_review"]').click();
    // Newest first: our 20 orders head the list filtered to 待审核.
    await page.locator('tr[data-record-id]').first().waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('td[data-col="status"] .badge')].every((b) => b.getAttribute('data-state') === 'pending_review'));
    const rows = page.locator('tr[data-record-id]');
    let selected = 0;
    for (let i = 0; i < (await rows.count()) && selected < 20; i++) {
      const id = Number(await rows.nth(i).getAttribute('data-record-id'));
      if (!ids.has(id)) continue;
      await rows.nth(i).locator('td.sel input').check();
      selected += 1;
    }
    check(selected === 20, `expected to select our 20 orders, selected ${selected}`);
    await page.locator('[data-testid="selected-count"]').filter({ hasText: '20' }).waitFor();
    await ctx.screenshot(page, 'batch-approve-selected');

    await page.locator('button[data-batch="approve"]').click();
    await page.locator('[data-testid="confirm-ok"]').click();
    const summary = page.locator('[data-testid="batch-summary"]');
    await summary.waitFor();
    const text = await summary.innerText();
    check(text.includes('成功 20 条') && text.includes('失败 0 条'), `batch summary: ${text}`);
    check((await page.locator('[data-result="ok"]').count()) === 20, 'every record reports success');
    await ctx.screenshot(page, 'batch-approve-results');

    // The server agrees: all 20 are reviewed, each with an audit entry by the supervisor.
    const sup = await ctx.api('supervisor1');
    for (const id of ids) {
      const r = await sup.ok('GET', `/api/apps/${APP}/records/order/${id}`);
      check(r.data.status === 'reviewed', `order ${id} is ${r.data.status}, expected reviewed`);
    }
    const timeline = await sup.ok('GET', `/api/apps/${APP}/records/order/${orders[0]!.id}/timeline`);
    check(timeline.items.some((e: { transition: string; actor: string }) => e.transition === 'approve' && e.actor === 'supervisor1'), 'the audit trail names the supervisor');
  },
};
