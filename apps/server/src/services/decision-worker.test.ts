import { decide, type Ctx } from '@statecraft/engine';
import type { AppDefinition } from '@statecraft/schema';
import { definition } from '@statecraft/template-oms';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { orderData } from '../testing/orders.ts';
import { loadApp } from './app-registry.ts';
import { DecisionWorker } from './decision-worker.ts';

const ctx: Ctx = { now: '2026-11-11T00:10:00.000Z', actor: { id: 'ops1', roles: ['ops'], superuser: false } };

describe('DecisionWorker', () => {
  let worker: DecisionWorker;
  afterEach(() => worker.close());

  it('decides on its thread exactly what decide() decides here, chunk by chunk in row order', async () => {
    worker = new DecisionWorker();
    const app = loadApp(definition, 3);
    const rows = Array.from({ length: 130 }, (_, i) => orderData({ order_no: `DW-${i}` }));
    rows[7] = orderData({ order_no: 'DW-7', is_gift: true, invoice_requested: true, invoice_title: '杭州某公司' }); // an alert effect
    rows[90] = orderData({ order_no: 'DW-90', paid_amount: 'lots' }); // refused
    rows[91] = { ...orderData({ order_no: 'DW-91' }), status: 'shipped' }; // refused: not the initial state
    // An own "__proto__" key (JSON.parse makes one) crosses to the thread as a key, and is refused there too.
    rows[92] = { ...orderData({ order_no: 'DW-92' }), ...(JSON.parse('{"__proto__": {"polluted": true}}') as object) };
    const chunks = worker.decideCreates(app, ctx, 'order', rows, 40);
    // A small first chunk (writing starts sooner), doubling up to the maximum of 40.
    const decided = await Promise.all(chunks);
    expect(decided.map((c) => c.length)).toEqual([16, 32, 40, 40, 2]);
    const here = rows.map((data) => decide(app.compiled, { kind: 'create', entity: 'order', data }, ctx));
    expect(decided.flat()).toEqual(here);
    expect(here[7]).toMatchObject({ ok: true, effects: [expect.objectContaining({ type: 'raise_alert' })] });
    expect(here[90]).toMatchObject({ ok: false, error: { code: 'ENGINE_RECORD_INVALID' } });
    expect(here[91]!.ok).toBe(false);
    expect(here[92]).toMatchObject({ ok: false, error: { code: 'ENGINE_RECORD_INVALID' } });
  });

  it('answers null for a row whose rules read facts, which only the caller has', async () => {
    worker = new DecisionWorker();
    const withFacts: AppDefinition = structuredClone(definition);
    withFacts.rules.push({
      id: 'repeat_buyer_on_create',
      label: { 'zh-CN': '新单即为回头客', en: 'Repeat buyer on create' },
      entity: 'order',
      on: { event: 'created' },
      // Only gift orders ask: the others read no fact and are decided on the thread.
      condition: { and: [{ '==': [{ var: 'is_gift' }, true] }, { '>=': [{ buyer_recent_orders: 24 }, 2] }] },
      severity: 'warning',
      actions: [],
    } as unknown as AppDefinition['rules'][number]);
    const app = loadApp(withFacts, 4);
    const rows = [orderData({ order_no: 'F-1' }), orderData({ order_no: 'F-2', is_gift: true }), orderData({ order_no: 'F-3' })];
    const decided = (await Promise.all(worker.decideCreates(app, ctx, 'order', rows, 8))).flat();
    expect(decided[0]).toMatchObject({ ok: true });
    expect(decided[1]).toBeNull();
    expect(decided[2]).toMatchObject({ ok: true });
  });

  it('keeps a script alive while it waits for decisions, and lets it end when idle', () => {
    // A script with nothing else to wait for (no server, no timer) that awaits a batch: the
    // thread must keep the process running until the answer comes, and not after it.
    const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
    const script = `
      import { definition } from '@statecraft/template-oms';
      import { loadApp } from ${JSON.stringify(here('./app-registry.ts'))};
      import { DecisionWorker } from ${JSON.stringify(here('./decision-worker.ts'))};
      const worker = new DecisionWorker();
      const rows = Array.from({ length: 300 }, (_, i) => ({ order_no: 'S' + i }));
      const chunks = await Promise.all(worker.decideCreates(loadApp(definition, 1), { now: '2026-11-11T00:00:00.000Z', actor: { id: 'a', roles: ['admin'], superuser: true } }, 'order', rows));
      const decided = chunks.flat();
      console.log(decided.length, decided.filter((d) => d !== null).length);
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: here('.'), encoding: 'utf8', timeout: 30_000 });
    expect(out.trim()).toBe('300 300');
  });

  it('answers null for every row once closed: the caller decides them itself', async () => {
    worker = new DecisionWorker();
    await worker.close();
    const app = loadApp(definition, 3);
    const decided = await Promise.all(worker.decideCreates(app, ctx, 'order', [orderData(), orderData()]));
    expect(decided.flat()).toEqual([null, null]);
  });
});
