import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startChannelSandboxes, type ChannelSandboxes } from '@statecraft/connectors/sandboxes';
import type { ApiSession } from '../lib/api-session.ts';
import { check } from '../lib/check.ts';
import { APP, orderData } from '../lib/orders.ts';
import { repoRoot } from '../lib/server.ts';
import { PHONE, type Spec } from '../lib/spec.ts';

// The template's channel connectors, read from the definition: connector id per platform.
const definition = JSON.parse(readFileSync(join(repoRoot, 'templates/ecommerce-oms/definition.json'), 'utf8')) as { connectors: { id: string; kind: string; platform: string }[] };
const connectorOf = Object.fromEntries(definition.connectors.filter((c) => c.kind === 'channel').map((c) => [c.platform, c.id])) as Record<string, string>;
const TAOBAO_ORDERS = 4;

let sandboxes: ChannelSandboxes | null = null;

const noSidewaysScroll = async (page: Page, what: string) => {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= PHONE.width, `${what} is ${width}px wide on a ${PHONE.width}px phone`);
};

const cellText = (page: Page, sku: string, col: string) => page.locator(`tr[data-sku="${sku}"] [data-col="${col}"]`).innerText();

/** Checks the stock table shows the API's figures for a SKU. */
async function expectFigures(page: Page, api: ApiSession, sku: string): Promise<{ onHand: number; reserved: number; available: number }> {
  const level = (await api.ok('GET', `/api/apps/${APP}/stock?sku=${encodeURIComponent(sku)}`)).items[0];
  check(level, `the API has stock for ${sku}`);
  await page.locator(`tr[data-sku="${sku}"]`).waitFor();
  for (const col of ['onHand', 'reserved', 'available'] as const) {
    const shown = (await cellText(page, sku, col)).trim();
    check(shown === String(level[col]), `${sku} ${col}: the page shows ${shown}, the API says ${level[col]}`);
  }
  return level;
}

/**
 * Stock and intake pages: real figures from the API in the stock table, a SKU's reservations
 * and a shortage highlighted; a connector run now against the channel sandboxes with its counts
 * on the card; PC and phone screenshots.
 */
export const spec: Spec = {
  name: 'stock and intake pages show the API’s figures; run a connector now against the sandboxes',
  async setup() {
    // The channel sandboxes on free ports; their orders were placed 10 minutes ago (past every platform's lag).
    let offset = -10 * 60_000;
    sandboxes = await startChannelSandboxes({ ports: { taobao: 0, jd: 0, pdd: 0, wechat_channels: 0, douyin: 0 }, now: () => Date.now() + offset });
    for (let i = 0; i < TAOBAO_ORDERS; i++) sandboxes.sandboxes.taobao.shop.create({ status: i === 0 ? 'unpaid' : 'paid' });
    offset = 0;
    const gateways = Object.fromEntries(Object.entries(sandboxes.gateways).map(([platform, url]) => [connectorOf[platform]!, url]));
    return { env: { STATECRAFT_INTAKE_GATEWAYS: JSON.stringify(gateways) }, close: async () => void (await sandboxes?.close()) };
  },
  async run(ctx) {
    const ops = await ctx.api('ops1');
    // A shortage: an order for more than there is.
    const [level0] = (await ops.ok('GET', `/api/apps/${APP}/stock?sku=HG-BW-001`)).items;
    const big = orderData('SHORT');
    big.lines = [{ sku_code: 'HG-BW-001', sku_name: '316 不锈钢保温杯 500ml', qty: level0.available + 5, unit_price: 12900 }];
    big.goods_amount = big.paid_amount = (level0.available + 5) * 12900;
    const created = await ops.ok('POST', `/api/apps/${APP}/records/order`, { data: big });
    const paid = await ops.ok('POST', `/api/apps/${APP}/records/order/${created.record.id}/transitions/pay`, { version: created.record.version });
    check(paid.record.data.status === 'out_of_stock', `the big order is out of stock (${paid.record.data.status})`);

    // ── Stock, on a PC, as operations (may restock) ──
    const page = await ctx.page('ops1');
    await page.goto(`${ctx.server.url}/stock`);
    await page.locator('[data-nav="stock"].active').waitFor();
    const all = (await ops.ok('GET', `/api/apps/${APP}/stock?limit=100`)).items as { sku: string; reserved: number }[];
    const held = all.find((s) => s.reserved > 0);
    check(held, 'a seeded paid order holds stock');
    await expectFigures(page, ops, held.sku);
    await expectFigures(page, ops, 'HG-BW-001');
    check(((await page.locator('tr[data-sku="HG-BW-001"]').getAttribute('class')) ?? '').includes('short'), 'the short SKU is highlighted');
    check((await cellText(page, 'HG-BW-001', 'waiting')).includes(String(level0.available + 5)), 'the short SKU names the units the order needs');
    check((await page.locator('[data-testid="retry-short"]').count()) === 1, 'operations see 缺货重试');

    // A SKU's holders: the same reservations as the API, titled by order number.
    await page.locator(`tr[data-sku="${held.sku}"] .sku-link`).click();
    const holders = await ops.ok('GET', `/api/apps/${APP}/stock/${encodeURIComponent(held.sku)}/reservations?limit=200`);
    await page.locator('[data-testid="reservations"] tbody tr').first().waitFor();
    const rows = await page.locator('[data-testid="reservations"] tbody tr').count();
    check(rows === holders.reservations.length, `${rows} reservations on the page, ${holders.reservations.length} from the API`);
    const first = holders.reservations[0];
    const order = await ops.ok('GET', `/api/apps/${APP}/records/${first.entity}/${first.recordId}`);
    await page.locator(`[data-reservation="${first.id}"]`, { hasText: String(order.data.order_no) }).waitFor();
    await ctx.screenshot(page, 'stock-pc');

    // Search by SKU prefix, and "short only".
    await page.locator('[data-testid="stock-search"]').fill('HG-BW');
    await page.locator('[data-testid="stock-search"]').press('Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('tr[data-sku]')].every((r) => r.getAttribute('data-sku')!.startsWith('HG-BW')) && document.querySelectorAll('tr[data-sku]').length > 0);
    await page.locator('[data-testid="stock-search"]').fill('');
    await page.locator('[data-testid="stock-search"]').press('Enter');
    await page.locator('[data-testid="only-short"]').check();
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tr[data-sku]')];
      return rows.length > 0 && rows.every((r) => r.classList.contains('short'));
    });

    // The warehouse reads stock but may not manage it.
    const wh = await ctx.page('warehouse1');
    await wh.goto(`${ctx.server.url}/stock`);
    await wh.locator('tr[data-sku]').first().waitFor();
    await wh.locator('[data-testid="reconcile"]').waitFor();
    check((await wh.locator('[data-testid="retry-short"], [data-testid="wms-sync"]').count()) === 0, 'the warehouse sees no 缺货重试 or WMS sync');

    // ── Intake: run the Taobao connector now against its sandbox ──
    const connector = connectorOf.taobao!;
    const before = (await ops.ok('GET', `/api/apps/${APP}/records/order/count?filter[channel][eq]=taobao`)).count as number;
    await page.goto(`${ctx.server.url}/intake`);
    const card = page.locator(`[data-connector="${connector}"]`);
    await card.locator('[data-testid="sandbox"]').waitFor();
    await card.locator('[data-testid="run-now"]').click();
    await card.locator('[data-testid="last-run"] [data-count="new"] dd').waitFor();
    const lastRun = (await ops.ok('GET', `/api/apps/${APP}/intake/connectors/${connector}/runs?limit=1`)).items[0];
    check(lastRun.status === 'ok', `the run went ${lastRun.status}: ${JSON.stringify(lastRun.errors)}`);
    check(lastRun.counts.fetched === TAOBAO_ORDERS && lastRun.counts.new === TAOBAO_ORDERS, `the run fetched ${lastRun.counts.fetched} and created ${lastRun.counts.new}, the sandbox has ${TAOBAO_ORDERS}`);
    const after = (await ops.ok('GET', `/api/apps/${APP}/records/order/count?filter[channel][eq]=taobao`)).count as number;
    check(after - before === TAOBAO_ORDERS, `${after - before} new Taobao orders stored, ${TAOBAO_ORDERS} expected`);
    await page.waitForFunction(
      ([id, counts]) => (['fetched', 'new', 'updated', 'skipped', 'failed'] as const).every((k) => document.querySelector(`[data-connector="${id}"] [data-testid="last-run"] [data-count="${k}"] dd`)?.textContent === String(counts[k])),
      [connector, lastRun.counts] as const,
    );
    await card.locator('[data-testid="toggle-log"]').click();
    await card.locator('[data-testid="run-log"] tbody tr').first().waitFor();
    console.log(`    ${connector}: fetched ${lastRun.counts.fetched}, new ${lastRun.counts.new} shown on the card`);
    await ctx.screenshot(page, 'intake-pc');

    // ── The same pages on a phone ──
    const phone = await ctx.page('ops1', PHONE);
    await phone.goto(`${ctx.server.url}/stock`);
    await expectFigures(phone, ops, held.sku);
    await noSidewaysScroll(phone, 'the stock page');
    await ctx.screenshot(phone, 'stock-phone');
    await phone.goto(`${ctx.server.url}/intake`);
    await phone.locator(`[data-connector="${connector}"] [data-testid="last-run"] [data-count="new"] dd`, { hasText: String(lastRun.counts.new) }).waitFor();
    await noSidewaysScroll(phone, 'the intake page');
    await ctx.screenshot(phone, 'intake-phone');
    await phone.locator('[data-testid="lang-switch"]').click();
    await phone.getByText('Run now').first().waitFor();
    await ctx.screenshot(phone, 'intake-phone-en');
  },
};
