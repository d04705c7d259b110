/**
 * The designer's state machine canvas in Debian's Chromium (issue 5): a 150-state,
 * 400-transition workflow — time to first render (opening the canvas until every state is on
 * screen) and time to re-render after an edit (a key typed into the selected state's label until
 * the canvas shows it). Each is printed beside the same measurement on a one-state workflow (an
 * almost empty canvas) in the same run, on the same server and browser.
 *
 * Builds apps/web when its bundle is missing or older than its sources; needs
 * Chromium (`STATECRAFT_CHROMIUM`, default /usr/bin/chromium).
 */
import type { AppDefinition, State, Transition } from '@statecraft/schema';
import { definition as template } from '@statecraft/template-oms';
import { ensureWebBuilt } from '../apps/web/ensure-built.ts';
import { ApiSession } from '../e2e/lib/api-session.ts';
import { launchBrowser } from '../e2e/lib/browser.ts';
import { ADMIN_PASSWORD, startServer } from '../e2e/lib/server.ts';
import type { Report } from './lib/report.ts';

// playwright-core lives with the e2e runner; its Page type comes through the runner's helpers.
type Page = ReturnType<Awaited<ReturnType<typeof launchBrowser>>['context']['pages']>[number];

const STATES = 150;
const TRANSITIONS = 400;
const EDITS = 15;
const APP = template.id;

/** The template with its order workflow grown to `states` states and `transitions` transitions (ids of the template's own states kept). */
export function bigDefinition(states: number, transitions: number): AppDefinition {
  const def = structuredClone(template);
  const wf = def.workflows[0]!;
  let seed = 5;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const extra: State[] = [];
  for (let i = wf.states.length; i < states; i++) extra.push({ id: `step_${i}`, label: { 'zh-CN': `步骤 ${i}`, en: `Step ${i}` }, kind: 'normal' });
  // No saved positions: the canvas lays the states out itself, as after an import.
  wf.states = [...wf.states, ...extra].map(({ position: _p, ...s }) => s) as typeof wf.states;
  const ids = wf.states.map((s) => s.id);
  // Final states take no transitions out: a chain through the open states, then random links.
  const open = wf.states.filter((s) => s.kind !== 'final').map((s) => s.id);
  const added: Transition[] = [];
  for (let i = 0; wf.transitions.length + added.length < transitions; i++) {
    const from = i < open.length - 1 ? open[i]! : open[Math.floor(rnd() * open.length)]!;
    const to = i < open.length - 1 ? open[i + 1]! : ids[Math.floor(rnd() * ids.length)]!;
    added.push({ id: `t_${i}`, from: [from], to, label: { 'zh-CN': `流转 ${i}` }, trigger: 'manual', roles: ['ops'] });
  }
  wf.transitions = [...wf.transitions, ...added];
  return def;
}

/** The template with a one-state workflow: the baseline canvas. */
function tinyDefinition(): AppDefinition {
  const def = structuredClone(template);
  const wf = def.workflows[0]!;
  wf.states = [{ id: 'pending_payment', label: { 'zh-CN': '待支付' }, kind: 'initial' }];
  wf.transitions = [];
  def.rules = [];
  def.dashboards = [];
  return def;
}

// In-page code is passed as text: tsx's name-keeping helpers do not exist in the page.
const VISIBLE_AT = (n: number) => `new Promise((resolve) => {
  function tick() {
    const visible = [...document.querySelectorAll('.react-flow__node')].filter((e) => getComputedStyle(e).visibility === 'visible').length;
    if (visible >= ${n} && document.querySelector('.react-flow__viewport')) resolve(performance.now());
    else if (performance.now() > 120000) resolve(-visible);
    else requestAnimationFrame(tick);
  }
  tick();
})`;

const LABEL_SHOWN = (id: string) => `new Promise((resolve) => {
  const box = document.querySelector('input[name="state-label-zh"]');
  // The input event fires once the box holds the new text, before React handles the change.
  box.addEventListener('input', () => {
    const t0 = performance.now();
    const want = box.value;
    function tick() {
      const label = document.querySelector('.react-flow__node[data-id="${id}"] .state-label')?.textContent ?? '';
      if (label.includes(want)) resolve(performance.now() - t0);
      else requestAnimationFrame(tick);
    }
    tick();
  }, { once: true, capture: true });
})`;

/** Opens the canvas and answers the milliseconds from navigation until `count` states are visible. */
async function firstRender(page: Page, url: string, count: number): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const ms = (await page.evaluate(VISIBLE_AT(count))) as number;
  if (ms < 0) throw new Error(`only ${-ms} of ${count} states became visible on ${url}`);
  return ms;
}

/** Types a key into the selected state's label and answers the ms until the canvas shows the new label (median of EDITS). */
async function reRender(page: Page, stateId: string): Promise<number> {
  await page.locator(`.react-flow__node[data-id="${stateId}"]`).click();
  const input = page.locator('input[name="state-label-zh"]');
  await input.waitFor();
  const samples: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const letter = String.fromCharCode(97 + (i % 26));
    await page.evaluate(`(window.__shown = ${LABEL_SHOWN(stateId)}, true)`);
    await input.press('End');
    await input.press(letter);
    samples.push((await page.evaluate('window.__shown')) as number);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export async function run(report: Report): Promise<void> {
  ensureWebBuilt();
  // The canvas needs no demo shops or messengers: skip their fixed-port sandboxes (other servers may hold them).
  process.env.STATECRAFT_CHANNEL_SANDBOXES ??= '0';
  process.env.STATECRAFT_MESSENGER_SANDBOXES ??= '0';
  const server = await startServer();
  const browser = await launchBrowser({ width: 1280, height: 800 });
  try {
    const admin = await ApiSession.login(server.url, 'admin', ADMIN_PASSWORD);
    await browser.context.addCookies([{ name: 'sc_session', value: admin.cookieValue, url: server.url }]);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(60_000);
    const url = `${server.url}/design/${APP}/workflow`;

    // Warm the browser cache and the server once, so neither run pays for first loads.
    await admin.ok('PUT', `/api/apps/${APP}/definition/draft`, tinyDefinition());
    await firstRender(page, url, 1);

    const tinyFirst = await firstRender(page, url, 1);
    const tinyEdit = await reRender(page, 'pending_payment');

    const big = bigDefinition(STATES, TRANSITIONS);
    const saved = await admin.ok('PUT', `/api/apps/${APP}/definition/draft`, big);
    if (saved.errors) throw new Error(`the ${STATES}-state definition should be valid: ${JSON.stringify(saved.problems.slice(0, 3))}`);
    const bigFirst = await firstRender(page, url, STATES);
    const bigEdit = await reRender(page, 'step_75');

    const base1 = report.add('designer.canvas.first-render.1-state', tinyFirst, 'ms');
    report.add(`designer.canvas.first-render.${STATES}-states-${TRANSITIONS}-transitions`, bigFirst, 'ms', { baseline: base1, target: { max: 3000 } });
    const base2 = report.add('designer.canvas.re-render-after-edit.1-state', tinyEdit, 'ms');
    report.add(`designer.canvas.re-render-after-edit.${STATES}-states-${TRANSITIONS}-transitions`, bigEdit, 'ms', { baseline: base2, target: { max: 200 } });
  } finally {
    await browser.close();
    await server.stop();
  }
}
