import type { AppDefinition } from '@statecraft/schema';
import { testStores } from '@statecraft/store/testing';
import { definition } from '@statecraft/template-oms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';

const APP = '/api/apps/ecommerce_oms';

/** The template with a re-check step: approve → 待复核 (re_check) when there is a gift note, then confirm → reviewed. */
function withRecheck(): AppDefinition {
  const def = structuredClone(definition);
  const order = def.entities.find((e) => e.id === 'order')!;
  order.fields.push({ id: 'gift_note', type: 'text', label: { 'zh-CN': '赠品备注', en: 'Gift note' } });
  const wf = def.workflows[0]!;
  wf.states.push({ id: 're_check', label: { 'zh-CN': '待复核', en: 'Re-check' }, kind: 'normal' });
  wf.transitions.push(
    { id: 'send_recheck', from: ['pending_review'], to: 're_check', label: { 'zh-CN': '送复核' }, trigger: 'manual', roles: ['ops_supervisor'], guard: { '!!': [{ var: 'gift_note' }] } },
    { id: 'confirm_recheck', from: ['re_check'], to: 'reviewed', label: { 'zh-CN': '复核通过' }, trigger: 'manual', roles: ['ops_supervisor'] },
  );
  def.rules!.push({
    id: 'gift_recheck',
    label: { 'zh-CN': '赠品复核提醒' },
    entity: 'order',
    on: { event: 'transition', state: 're_check' },
    condition: { '!!': [{ var: 'gift_note' }] },
    severity: 'info',
    actions: [{ type: 'raise_alert', code: 'gift_recheck', severity: 'info', message: { 'zh-CN': '赠品待复核：{{gift_note}}' } }],
  });
  return def;
}

describe.each(await testStores())('designer on %s', (dialect) => {
  let h: Harness;
  let analyst: string;
  let ops: string;

  beforeAll(async () => {
    h = await openHarness(dialect);
    analyst = await h.login('analyst1');
    ops = await h.login('ops1');
  });
  afterAll(() => h.dispose());

  const count = async (table: string) => Number(((await h.test.store.knex(table).count({ n: '*' }))[0] as { n: number | string }).n);

  it('tries a transition against the draft: new state, effects and fired rules, nothing written', async () => {
    const saved = await h.as(analyst, { method: 'PUT', url: `${APP}/definition/draft`, payload: withRecheck() });
    expect(saved.json()).toMatchObject({ valid: true });
    const before = { orders: await count('e_order'), audit: await count('sc_audit'), alerts: await count('sc_alert'), outbox: await count('sc_outbox') };
    const res = await h.as(analyst, {
      method: 'POST',
      url: `${APP}/definition/try`,
      payload: { entity: 'order', command: { kind: 'transition', transition: 'send_recheck' }, sample: { data: { ...orderData(), status: 'pending_review', gift_note: '送杯套' } } },
    });
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ ok: true, stateBefore: 'pending_review', stateAfter: 're_check', firedRules: [{ id: 'gift_recheck', severity: 'info' }] });
    expect(out.steps).toEqual([expect.objectContaining({ transition: 'send_recheck', from: 'pending_review', to: 're_check' })]);
    expect(out.effects).toContainEqual(expect.objectContaining({ type: 'raise_alert', code: 'gift_recheck' }));
    expect(out.changed).toContain('status');
    expect({ orders: await count('e_order'), audit: await count('sc_audit'), alerts: await count('sc_alert'), outbox: await count('sc_outbox') }).toEqual(before);
  });

  it('answers a refusal by the guard or the role as a result, and creates with the draft\'s new field', async () => {
    const refused = (await h.as(analyst, {
      method: 'POST',
      url: `${APP}/definition/try`,
      payload: { entity: 'order', command: { kind: 'transition', transition: 'send_recheck' }, sample: { data: { ...orderData(), status: 'pending_review' } }, roles: ['ops_supervisor'] },
    })).json();
    expect(refused).toMatchObject({ ok: false, stateBefore: 'pending_review', error: { code: 'ENGINE_GUARD_FAILED' } });
    const byRole = (await h.as(analyst, {
      method: 'POST',
      url: `${APP}/definition/try`,
      payload: { entity: 'order', command: { kind: 'transition', transition: 'send_recheck' }, sample: { data: { ...orderData(), status: 'pending_review', gift_note: 'x' } }, roles: ['warehouse'] },
    })).json();
    expect(byRole).toMatchObject({ ok: false, error: { code: 'ENGINE_ROLE_FORBIDDEN' } });
    const created = (await h.as(analyst, { method: 'POST', url: `${APP}/definition/try`, payload: { entity: 'order', command: { kind: 'create' }, sample: { data: { ...orderData(), gift_note: '贺卡' } } } })).json();
    expect(created).toMatchObject({ ok: true, stateBefore: null, stateAfter: 'pending_payment', data: { gift_note: '贺卡' } });
  });

  it('starts from a real record without changing it', async () => {
    const rec = (await h.as(ops, { method: 'POST', url: `${APP}/records/order`, payload: { data: orderData() } })).json().record;
    const out = (await h.as(analyst, { method: 'POST', url: `${APP}/definition/try`, payload: { entity: 'order', recordId: rec.id, command: { kind: 'transition', transition: 'pay' } } })).json();
    expect(out).toMatchObject({ ok: true, stateBefore: 'pending_payment', stateAfter: 'pending_review' });
    const after = (await h.as(ops, { method: 'GET', url: `${APP}/records/order/${rec.id}` })).json();
    expect(after).toMatchObject({ version: rec.version, data: { status: 'pending_payment' } });
  });

  it('refuses a draft with errors, incomplete commands and other roles', async () => {
    const broken = withRecheck();
    broken.workflows[0]!.transitions.find((t) => t.id === 'confirm_recheck')!.guard = { '==': [{ var: 'no_such_field' }, 1] };
    const bad = await h.as(analyst, { method: 'POST', url: `${APP}/definition/try`, payload: { definition: broken, entity: 'order', command: { kind: 'create' }, sample: { data: orderData() } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('DEF_INVALID');
    expect(bad.json().error.problems).toContainEqual(expect.objectContaining({ code: 'DEF_UNKNOWN_VAR', path: expect.stringMatching(/^\/workflows\/0\/transitions\/\d+\/guard/) }));
    const incomplete = await h.as(analyst, { method: 'POST', url: `${APP}/definition/try`, payload: { entity: 'order', command: { kind: 'transition', transition: 'pay' } } });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.code).toBe('DESIGNER_TRY_INCOMPLETE');
    const forbidden = await h.as(ops, { method: 'POST', url: `${APP}/definition/try`, payload: { entity: 'order', command: { kind: 'create' } } });
    expect(forbidden.statusCode).toBe(403);
  });

  it('diffs a published version against the draft and between versions', async () => {
    const diff = (await h.as(analyst, { method: 'GET', url: `${APP}/definition/diff?from=1&to=draft` })).json();
    expect(diff.fields.map((c: { kind: string; key: string }) => `${c.kind} ${c.key}`)).toEqual(['added order.gift_note']);
    expect(diff.states.map((c: { key: string }) => c.key)).toEqual(['order_flow.re_check']);
    expect(diff.transitions.map((c: { key: string }) => c.key)).toEqual(['order_flow.send_recheck', 'order_flow.confirm_recheck']);
    expect(diff.rules).toEqual([expect.objectContaining({ kind: 'added', key: 'gift_recheck' })]);
    const published = await h.as(analyst, { method: 'POST', url: `${APP}/definition/publish`, payload: { note: 're-check' } });
    expect(published.statusCode).toBe(200);
    const between = (await h.as(analyst, { method: 'GET', url: `${APP}/definition/diff?from=1&to=2` })).json();
    expect(between.states).toHaveLength(1);
    const same = (await h.as(analyst, { method: 'GET', url: `${APP}/definition/diff?from=2&to=draft` })).json();
    expect([...same.fields, ...same.states, ...same.transitions, ...same.rules]).toEqual([]);
    const missing = await h.as(analyst, { method: 'GET', url: `${APP}/definition/diff?from=1&to=9` });
    expect(missing.json().error.code).toBe('DEFINITION_NOT_FOUND');
    const nonsense = await h.as(analyst, { method: 'GET', url: `${APP}/definition/diff?from=abc&to=1` });
    expect(nonsense.json().error.code).toBe('DESIGNER_DIFF_BAD_VERSION');
  });
});
