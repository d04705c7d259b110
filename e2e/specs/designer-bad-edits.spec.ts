import { check } from '../lib/check.ts';
import { DESIGNER_VIEWPORT, openTransition, setId, waitSaved } from '../lib/designer.ts';
import { APP } from '../lib/orders.ts';
import type { Spec } from '../lib/spec.ts';

/**
 * Bad edits are caught before they reach anyone: deleting a state that transitions lead to, and a
 * guard on a field that is then deleted, show on the canvas (ghost state, red edges, ⚠), the
 * publish screen lists them and refuses, the server refuses too, and nothing is published.
 * Undo brings the deleted state back.
 */
export const spec: Spec = {
  name: 'a transition to a deleted state and a guard on a missing field: shown on the canvas, publish refused',
  async run(ctx) {
    const page = await ctx.page('analyst1', DESIGNER_VIEWPORT);
    await page.goto(`${ctx.server.url}/design/${APP}/fields`);

    // A throw-away field, used by a guard built in the visual builder, then deleted.
    await page.locator('.palette-item[data-type="boolean"]').dragTo(page.locator('[data-drop-end="remarks"]'));
    await setId(page, 'field-id', 'vip_check');
    await page.locator('input[name="field-label-zh"]').fill('VIP 核对');
    await waitSaved(page);

    await page.locator('a[data-tab="workflow"]').click();
    await page.locator('.react-flow__node[data-id="shipped"]').waitFor();
    await openTransition(page, 'complete');
    const guard = page.locator('[data-testid="cond-transition-complete-guard"]');
    await guard.getByRole('button', { name: '+ 添加条件', exact: true }).click();
    await guard.locator('[data-testid="cond-rule"] select').first().selectOption('vip_check');
    await guard.locator('[data-testid="cond-rule"] select').nth(1).selectOption('==');
    await waitSaved(page);
    await page.locator('[data-testid="header-problems"]').filter({ hasText: /没有问题|^0 个错误/ }).waitFor();

    await page.locator('a[data-tab="fields"]').click();
    await page.locator('[data-field-chip="vip_check"]').click();
    await page.getByRole('button', { name: '删除字段' }).click();
    await waitSaved(page);

    // Delete 已打单 (waybill_printed) on the canvas with the Delete key.
    await page.locator('a[data-tab="workflow"]').click();
    await page.locator('.react-flow__node[data-id="waybill_printed"]').click();
    await page.locator('[data-testid="state-panel"]').waitFor();
    await page.locator('.react-flow__node[data-id="waybill_printed"]').press('Delete');
    await waitSaved(page);

    // On the canvas: a ghost for the missing state, the transitions concerned in red with ⚠.
    await page.locator('.react-flow__node[data-id="missing:waybill_printed"] .state-node.kind-missing').waitFor();
    for (const t of ['print_waybill', 'ship', 'complete']) {
      await page.locator(`.react-flow__edge.has-problem[data-id^="${t}::"]`).first().waitFor();
    }
    await page.locator('.react-flow__edge-text', { hasText: '⚠' }).first().waitFor();
    await page.locator('[data-testid="header-problems"]', { hasText: '3 个错误' }).waitFor();
    const listed = await page.locator('[data-testid="canvas-problems"]').innerText();
    check(listed.includes('print_waybill') && listed.includes('ship') && listed.includes('complete'), `the canvas lists the problems by item: ${listed}`);
    await ctx.screenshot(page, 'designer-bad-canvas');

    // The guard's builder says its field is gone.
    await openTransition(page, 'complete');
    await guard.locator('option', { hasText: '字段不存在' }).waitFor({ state: 'attached' });
    await guard.locator('[role="alert"]').first().waitFor();

    // Publish: the report names each problem, the button is disabled, the server refuses too.
    await page.locator('a[data-tab="publish"]').click();
    await page.locator('[data-testid="problem-report"] li[data-code="DEF_UNKNOWN_STATE"]').first().waitFor();
    await page.locator('[data-testid="problem-report"] li[data-code="DEF_UNKNOWN_VAR"]').waitFor();
    check(await page.locator('[data-testid="publish"]').isDisabled(), 'publishing is refused while there are errors');
    await page.locator('[data-testid="publish-refused-hint"]').waitFor();
    await ctx.screenshot(page, 'designer-bad-publish');

    const analyst = await ctx.api('analyst1');
    const refused = await analyst.request('POST', `/api/apps/${APP}/definition/publish`, {});
    check(refused.status === 422 && refused.json.error.code === 'DEF_INVALID', `the server refuses the draft: ${refused.status} ${refused.json?.error?.code}`);
    const paths = refused.json.error.problems.map((p: { path: string }) => p.path);
    check(paths.some((p: string) => /^\/workflows\/0\/transitions\/\d+\/to$/.test(p)) && paths.some((p: string) => /\/guard/.test(p)), `problems point at the transition and the guard: ${paths.join(', ')}`);
    const versions = await analyst.ok('GET', `/api/apps/${APP}/definition/versions`);
    check(versions.items.length === 1 && versions.items[0].version === 1, 'nothing was published');
    const live = await analyst.ok('GET', `/api/apps/${APP}/definition`);
    check(live.definition.workflows[0].states.some((s: { id: string }) => s.id === 'waybill_printed'), 'the live definition still has 已打单');

    // Undo brings the state back: its problems go away.
    await page.locator('a[data-tab="workflow"]').click();
    await page.locator('[data-testid="undo"]').click();
    await waitSaved(page);
    await page.locator('.react-flow__node[data-id="waybill_printed"] .state-node:not(.kind-missing)').waitFor();
    check((await page.locator('.react-flow__node[data-id="missing:waybill_printed"]').count()) === 0, 'undo removes the ghost');
    await page.locator('[data-testid="header-problems"]', { hasText: '1 个错误' }).waitFor();
  },
};
