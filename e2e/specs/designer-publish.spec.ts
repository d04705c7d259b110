import { check } from '../lib/check.ts';
import { DESIGNER_VIEWPORT, drawTransition, setId, waitSaved } from '../lib/designer.ts';
import { APP, orderData } from '../lib/orders.ts';
import type { Spec } from '../lib/spec.ts';

/**
 * An analyst opens the order template in the designer, adds a field 赠品备注 (gift note), inserts
 * a state 待复核 (re-check) between 待审核 and 已审核 with two transitions and a guard built in the
 * visual builder, adds an alert rule, tries it, publishes; then an order created through the API
 * uses the new field and follows the new path.
 */
export const spec: Spec = {
  name: 'analyst designs a re-check step visually and publishes it; the API follows it',
  async run(ctx) {
    const page = await ctx.page('analyst1', DESIGNER_VIEWPORT);
    await page.goto(`${ctx.server.url}/design`);
    await page.locator('[data-app="ecommerce_oms"]').waitFor();
    await ctx.screenshot(page, 'designer-apps');
    await page.locator('[data-app="ecommerce_oms"] a.primary').click();

    // ── Fields and forms: drag 单行文本 onto the 备注 section ─────────────────────────────
    await page.locator('[data-section="remarks"]').waitFor();
    await page.locator('.palette-item[data-type="text"]').dragTo(page.locator('[data-drop-end="remarks"]'));
    await page.locator('[data-testid="field-config"]').waitFor();
    await setId(page, 'field-id', 'gift_note');
    await page.locator('input[name="field-label-zh"]').fill('赠品备注');
    await page.locator('input[name="field-label-en"]').fill('Gift note');
    await page.locator('[data-section="remarks"] [data-field-chip="gift_note"]', { hasText: '赠品备注' }).waitFor();
    await page.locator('[data-testid="form-preview"] [data-field="gift_note"]', { hasText: '赠品备注' }).waitFor();
    // Reorder by keyboard: gift_note moves above seller_remarks.
    await page.locator('[data-field-chip="gift_note"]').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-section="remarks"] [data-field-chip]')].map((e) => e.getAttribute('data-field-chip')).join(',') === 'buyer_message,gift_note,seller_remarks');
    await waitSaved(page);
    await ctx.screenshot(page, 'designer-fields');

    // ── State machine: add 待复核, draw pending_review → re_check → reviewed ───────────────
    await page.locator('a[data-tab="workflow"]').click();
    await page.locator('.react-flow__node[data-id="pending_review"]').waitFor();
    await page.getByRole('button', { name: '添加状态' }).click();
    await page.locator('[data-testid="state-panel"]').waitFor();
    await setId(page, 'state-id', 're_check');
    await page.locator('input[name="state-label-zh"]').fill('待复核');
    await page.locator('input[name="state-label-en"]').fill('Re-check');
    await page.locator('.react-flow__node[data-id="re_check"]', { hasText: '待复核' }).waitFor();
    await page.getByRole('button', { name: '自动布局' }).click();
    await waitSaved(page);

    await drawTransition(page, 'pending_review', 're_check');
    await page.locator('[data-testid="transition-panel"]').waitFor();
    await setId(page, 'transition-id', 'send_recheck');
    await page.locator('input[name="transition-label-zh"]').fill('送复核');
    await page.locator('input[name="transition-label-en"]').fill('Send to re-check');
    // The guard, built visually: 赠品备注 不为空.
    const guard = page.locator('[data-testid="cond-transition-send_recheck-guard"]');
    await guard.getByRole('button', { name: '+ 添加条件', exact: true }).click();
    await guard.locator('[data-testid="cond-rule"] select').first().selectOption('gift_note');
    await guard.locator('[data-testid="cond-rule"] select').nth(1).selectOption('notEmpty');
    await waitSaved(page);
    // The JSON view shows the same condition (Monaco, from the bundle).
    await guard.getByRole('tab', { name: 'JSON' }).click();
    await guard.locator('.monaco-editor .view-lines', { hasText: 'gift_note' }).waitFor();
    await ctx.screenshot(page, 'designer-condition-json');
    await guard.getByRole('tab', { name: '可视化' }).click();
    const kept = await guard.locator('[data-testid="cond-rule"] select').first().inputValue();
    check(kept === 'gift_note', `switching views keeps the condition's field, got ${kept}`);

    // The second transition by keyboard: from the state panel of 待复核.
    await page.locator('.react-flow__node[data-id="re_check"]').click();
    await page.locator('select[name="add-transition-to"]').selectOption('reviewed');
    await page.locator('[data-testid="state-panel"] button', { hasText: '+' }).click();
    await page.locator('[data-testid="transition-panel"]').waitFor();
    await setId(page, 'transition-id', 'confirm_recheck');
    await page.locator('input[name="transition-label-zh"]').fill('复核通过');
    await page.locator('[data-testid="transition-panel"] label', { hasText: '运营主管' }).locator('input').check();
    await waitSaved(page);
    const edges = await page.locator('.react-flow__edge').count();
    check(edges === 24, `the canvas shows an edge per transition and from-state (22 + 2), got ${edges}`);
    check((await page.locator('.state-node.has-problem, .state-node.kind-missing').count()) === 0, 'no problems on the canvas');
    // Auto-layout again, now that 待复核 sits between 待审核 and 已审核.
    await page.getByRole('button', { name: '自动布局' }).click();
    await waitSaved(page);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await ctx.screenshot(page, 'designer-workflow');

    // ── Rules: an info alert when an order enters 待复核 with a gift note ──────────────────
    await page.locator('a[data-tab="rules"]').click();
    await page.getByRole('button', { name: '添加规则' }).click();
    const rule = page.locator('[data-testid="rule-editor"]');
    await rule.waitFor();
    await setId(page, 'rule-id', 'gift_recheck');
    await page.locator('input[name="rule-label-zh"]').fill('赠品待复核');
    await page.locator('select[name="rule-on"]').selectOption('transition');
    await page.locator('select[name="rule-state"]').selectOption('re_check');
    await page.locator('select[name="rule-severity"]').selectOption('info');
    const cond = page.locator('[data-testid="cond-rule-gift_recheck-condition"]');
    await cond.getByRole('button', { name: '+ 添加条件', exact: true }).click();
    await cond.locator('[data-testid="cond-rule"] select').first().selectOption('gift_note');
    const action = rule.locator('[data-testid="action-0"]');
    await action.locator('input[aria-label="code"]').fill('gift_recheck');
    await action.locator('select[aria-label="severity"]').selectOption('info');
    await action.locator('input[aria-label="message 中文"]').fill('赠品待复核：{{gift_note}}');
    await waitSaved(page);
    await page.locator('tr[data-rule="gift_recheck"]').waitFor();
    await ctx.screenshot(page, 'designer-rules');

    // ── Try it against the draft: nothing is written ────────────────────────────────────
    await page.locator('a[data-tab="try"]').click();
    await page.locator('textarea[name="try-sample"]').fill(JSON.stringify({ ...orderData('TRY'), status: 'pending_review', gift_note: '送杯套' }, null, 2));
    await page.locator('select[name="try-kind"]').selectOption('transition');
    await page.locator('select[name="try-transition"]').selectOption('send_recheck');
    await page.locator('[data-testid="try-run"]').click();
    await page.locator('[data-testid="try-state-after"]', { hasText: '待复核' }).waitFor();
    await page.locator('[data-fired-rule="gift_recheck"]').waitFor();
    await ctx.screenshot(page, 'designer-try');

    // ── Publish: the report first, then v2 ─────────────────────────────────────────────
    await page.locator('a[data-tab="publish"]').click();
    // The report: no errors (warnings do not block publishing).
    await page.locator('[data-testid="problem-count"]', { hasText: '0 个错误' }).waitFor();
    await page.locator('[data-diff="added:order_flow.re_check"]').waitFor();
    await page.locator('textarea[name="publish-note"]').fill('加入赠品复核');
    await page.locator('[data-testid="publish"]').click();
    await page.locator('[data-testid="published"]', { hasText: 'v2' }).waitFor();
    await ctx.screenshot(page, 'designer-publish');

    await page.locator('a[data-tab="versions"]').click();
    await page.locator('tr[data-version="2"]').waitFor();
    await page.locator('[data-diff="added:order.gift_note"]').waitFor();
    await page.locator('[data-diff="added:order_flow.send_recheck"]').waitFor();
    await page.locator('[data-diff="added:gift_recheck"]').waitFor();
    await ctx.screenshot(page, 'designer-versions');
    // English is one click away; the designer fits 1280×800 without scrolling the page.
    await page.locator('[data-testid="lang-switch"]').click();
    await page.locator('a[data-tab="workflow"]', { hasText: 'State machine' }).click();
    await page.locator('.react-flow__node[data-id="re_check"]', { hasText: 'Re-check' }).waitFor();
    const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    check(size.w <= 1280 && size.h <= 800, `the designer fits 1280×800, page is ${size.w}×${size.h}`);
    await ctx.screenshot(page, 'designer-workflow-en');

    // ── The published version at work, through the API ─────────────────────────────────
    const ops = await ctx.api('ops1');
    const sup = await ctx.api('supervisor1');
    const created = await ops.ok('POST', `/api/apps/${APP}/records/order`, { data: { ...orderData('GIFT'), gift_note: '请附贺卡' } });
    check(created.record.data.gift_note === '请附贺卡', 'the new field is stored');
    check(created.record.defVersion === 2, `the record runs under v2, got ${created.record.defVersion}`);
    const paid = await ops.ok('POST', `/api/apps/${APP}/records/order/${created.record.id}/transitions/pay`, { version: created.record.version });
    check(paid.record.data.status === 'pending_review', `paid → ${paid.record.data.status}`);
    const rechecked = await sup.ok('POST', `/api/apps/${APP}/records/order/${paid.record.id}/transitions/send_recheck`, { version: paid.record.version });
    check(rechecked.record.data.status === 're_check', `send_recheck → ${rechecked.record.data.status}`);
    check(rechecked.firedRules.includes('gift_recheck'), `the rule fired: ${JSON.stringify(rechecked.firedRules)}`);
    const alerts = await sup.ok('GET', `/api/apps/${APP}/alerts?recordId=${paid.record.id}`);
    check(alerts.items.some((a: { code: string }) => a.code === 'gift_recheck'), 'the alert was raised');
    const reviewed = await sup.ok('POST', `/api/apps/${APP}/records/order/${paid.record.id}/transitions/confirm_recheck`, { version: rechecked.record.version });
    check(reviewed.record.data.status === 'reviewed', `confirm_recheck → ${reviewed.record.data.status}`);
    // Without a gift note the guard refuses the re-check.
    const plain = await ops.ok('POST', `/api/apps/${APP}/records/order`, { data: orderData('PLAIN') });
    const plainPaid = await ops.ok('POST', `/api/apps/${APP}/records/order/${plain.record.id}/transitions/pay`, { version: plain.record.version });
    const refused = await sup.request('POST', `/api/apps/${APP}/records/order/${plain.record.id}/transitions/send_recheck`, { version: plainPaid.record.version });
    check(refused.status >= 400 && refused.json.error.code === 'ENGINE_GUARD_FAILED', `guard refuses without a gift note: ${JSON.stringify(refused.json)}`);
  },
};
