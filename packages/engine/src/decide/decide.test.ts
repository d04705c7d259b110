import type { AppDefinition, Transition } from '@statecraft/schema';
import { describe, expect, it } from 'vitest';
import { compileApp } from '../compile/compile-app.ts';
import { DefinitionError } from '../compile/definition-error.ts';
import { standardOperators } from '../logic/registry.ts';
import type { RecordData } from '../record.ts';
import { baseDefinition } from '../testing/base-definition.ts';
import { ctxAs, envelope, ON_HOLD } from '../testing/records.ts';
import { availableTransitions } from './available-transitions.ts';
import { decide } from './decide.ts';
import type { Decision } from './types.ts';

const app = compileApp(baseDefinition(), 1);
const agent = ctxAs(['agent']);
const manager = ctxAs(['manager']);
const warehouse = ctxAs(['warehouse']);
const admin = ctxAs(['admin']);
const system = { now: '2026-03-01T08:00:00.000Z', actor: { id: 'system', roles: [], superuser: true } };

const cheapLines = [{ sku: 'A-1', qty: 2, price: 1000 }];
const dearLines = [{ sku: 'B-1', qty: 1, price: 20000 }];

function ok(decision: Decision) {
  if (!decision.ok) throw new Error(`expected ok, got ${decision.error.code}: ${decision.error.message}`);
  return decision;
}
function refused(decision: Decision) {
  if (decision.ok) throw new Error('expected a refusal');
  return decision;
}

/** A ticket as create would make it, then placed in `status`. */
function ticket(status: string, extra: RecordData = {}, defApp = app) {
  const created = ok(decide(defApp, { kind: 'create', entity: 'ticket', data: { title: 'T1', lines: cheapLines, ...extra } }, agent));
  return envelope('ticket', { ...created.data, status });
}

function appWith(change: (d: AppDefinition) => void) {
  const def = baseDefinition();
  change(def);
  return compileApp(def, 2);
}
const tr = (d: AppDefinition, id: string) => d.workflows[0]!.transitions.find((t) => t.id === id) as Transition;

describe('create', () => {
  it('applies defaults, the initial state, line and record computed fields', () => {
    const d = ok(decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T1', lines: [{ sku: 'A-1', qty: 3, price: 990 }, { sku: 'G', qty: 1 }], fee: 500 } }, agent));
    expect(d.data).toMatchObject({ status: 'draft', priority: 'normal', flag: false, tags: null, note: null, fee: 500, total: 2970, total_with_fee: 3470 });
    expect(d.data.lines).toEqual([
      { sku: 'A-1', qty: 3, price: 990, amount: 2970 },
      { sku: 'G', qty: 1, price: 0, amount: 0 },
    ]);
    expect(d).toMatchObject({ steps: [], effects: [], firedRules: [], hold: null });
  });

  it('runs created rules (enabled ones only); a hold rule puts the record on hold', () => {
    const d = ok(decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T9', flag: true } }, agent));
    expect(d.firedRules).toEqual(['risky_hold']);
    expect(d.effects).toEqual([{ type: 'hold', reason: { 'zh-CN': '风险工单 T9', en: 'Risky ticket T9' }, source: { kind: 'rule', id: 'risky_hold' } }]);
    expect(d.hold).toEqual({ reason: { 'zh-CN': '风险工单 T9', en: 'Risky ticket T9' }, at: agent.now, by: agent.actor.id });
  });

  it('treats "" as no value for non-text fields', () => {
    const d = ok(decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T1', priority: '', due: '', count: '' } }, agent));
    expect(d.data).toMatchObject({ priority: null, due: null, count: null });
  });

  const invalid: [string, RecordData, string, string][] = [
    ['a missing required field', { title: null }, '/data/title', 'ENGINE_REQUIRED'],
    ['text too long', { title: 'x'.repeat(21) }, '/data/title', 'ENGINE_TOO_LONG'],
    ['an enum value not in options', { priority: 'urgent' }, '/data/priority', 'ENGINE_NOT_AN_OPTION'],
    ['a multienum value not in options', { tags: ['vip', 'new'] }, '/data/tags/1', 'ENGINE_NOT_AN_OPTION'],
    ['money that is not integer fen', { fee: 12.5 }, '/data/fee', 'ENGINE_TYPE'],
    ['money below min', { fee: -1 }, '/data/fee', 'ENGINE_TOO_SMALL'],
    ['an integer that is not whole', { count: 1.5 }, '/data/count', 'ENGINE_TYPE'],
    ['an integer above max', { count: 101 }, '/data/count', 'ENGINE_TOO_LARGE'],
    ['a decimal with too many digits', { ratio: 0.125 }, '/data/ratio', 'ENGINE_DECIMAL_SCALE'],
    ['an impossible date', { due: '2026-02-30' }, '/data/due', 'ENGINE_TYPE'],
    ['a datetime without a time zone', { seen_at: '2026-01-01T10:00:00' }, '/data/seen_at', 'ENGINE_TYPE'],
    ['a bad e-mail', { contact: 'not-an-address' }, '/data/contact', 'ENGINE_PATTERN'],
    ['a phone not matching its pattern', { phone: 'call me' }, '/data/phone', 'ENGINE_PATTERN'],
    ['an address without a city', { ship_to: { province: '浙江省', district: '西湖区', detail: '文三路 1 号' } }, '/data/ship_to/city', 'ENGINE_ADDRESS'],
    ['an address with an unknown part', { ship_to: { province: '浙江省', city: '杭州市', district: '西湖区', detail: '1 号', street: 'x' } }, '/data/ship_to/street', 'ENGINE_ADDRESS'],
    ['a reference that is not an id', { customer: 'c1' }, '/data/customer', 'ENGINE_TYPE'],
    ['a boolean given as text', { flag: 'yes' }, '/data/flag', 'ENGINE_TYPE'],
    ['a line quantity below min', { lines: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 1 }, { sku: 'c', qty: 0 }] }, '/data/lines/2/qty', 'ENGINE_TOO_SMALL'],
    ['a line without its required sku', { lines: [{ sku: 'a', qty: 1 }, { qty: 1 }] }, '/data/lines/1/sku', 'ENGINE_REQUIRED'],
    ['a line with an unknown field', { lines: [{ sku: 'a', qty: 1, colour: 'red' }] }, '/data/lines/0/colour', 'ENGINE_UNKNOWN_FIELD'],
    ['too many lines', { lines: Array.from({ length: 6 }, () => ({ sku: 'a', qty: 1 })) }, '/data/lines', 'ENGINE_TOO_LONG'],
    ['an unknown field', { colour: 'red' }, '/data/colour', 'ENGINE_UNKNOWN_FIELD'],
  ];

  it.each(invalid)('refuses %s with its path', (_name, data, path, code) => {
    const d = refused(decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T1', ...data } }, agent));
    expect(d.error.code).toBe('ENGINE_RECORD_INVALID');
    expect(d.problems).toEqual([expect.objectContaining({ path, code, severity: 'error' })]);
    expect(d.error.i18n['zh-CN']).toBeTruthy();
  });

  it('refuses a state other than the initial one', () => {
    const d = refused(decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T1', status: 'approved' } }, agent));
    expect(d.error.code).toBe('ENGINE_FIELD_READ_ONLY');
    expect(d.problems?.[0]?.path).toBe('/data/status');
  });

  it('checks the entity permission; superusers always may', () => {
    expect(refused(decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T1' } }, warehouse)).error.code).toBe('ENGINE_ROLE_FORBIDDEN');
    ok(decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T1' } }, admin));
    ok(decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T1' } }, system));
    ok(decide(app, { kind: 'create', entity: 'customer', data: { name: '林' } }, warehouse));
  });

  it('refuses an unknown entity', () => {
    expect(refused(decide(app, { kind: 'create', entity: 'order', data: {} }, agent)).error.code).toBe('ENGINE_UNKNOWN_ENTITY');
  });
});

describe('update', () => {
  it('merges the patch and recomputes', () => {
    const record = ticket('draft');
    const d = ok(decide(app, { kind: 'update', entity: 'ticket', record, patch: { lines: [{ sku: 'A', qty: 5, price: 100 }], note: '加急' } }, agent));
    expect(d.data).toMatchObject({ title: 'T1', note: '加急', total: 500, total_with_fee: 500, status: 'draft' });
    expect(d.data.lines).toEqual([{ sku: 'A', qty: 5, price: 100, amount: 500 }]);
  });

  it.each([
    ['the state field', { status: 'approved' }, '/data/status'],
    ['a read-only field', { approved_at: '2026-01-01T00:00:00Z' }, '/data/approved_at'],
    ['a computed field', { total: 1 }, '/data/total'],
  ])('refuses to patch %s', (_name, patch, path) => {
    const d = refused(decide(app, { kind: 'update', entity: 'ticket', record: ticket('draft'), patch }, agent));
    expect(d.error.code).toBe('ENGINE_FIELD_READ_ONLY');
    expect(d.problems?.map((p) => p.path)).toEqual([path]);
  });

  it('validates patched values', () => {
    const d = refused(decide(app, { kind: 'update', entity: 'ticket', record: ticket('draft'), patch: { lines: [{ sku: 'A', qty: -1 }] } }, agent));
    expect(d.error.code).toBe('ENGINE_RECORD_INVALID');
    expect(d.problems).toEqual([expect.objectContaining({ path: '/data/lines/0/qty', code: 'ENGINE_TOO_SMALL' })]);
  });

  it('chains an automatic transition that the change enables', () => {
    const record = ticket('submitted', { lines: dearLines });
    const d = ok(decide(app, { kind: 'update', entity: 'ticket', record, patch: { lines: cheapLines } }, manager));
    expect(d.steps).toEqual([{ transition: 'auto_approve', from: 'submitted', to: 'approved', trigger: 'automatic' }]);
    expect(d.data).toMatchObject({ status: 'approved', approved_at: manager.now });
  });

  it('checks the update permission and the entity of the record', () => {
    expect(refused(decide(app, { kind: 'update', entity: 'ticket', record: ticket('draft'), patch: { note: 'x' } }, warehouse)).error.code).toBe('ENGINE_ROLE_FORBIDDEN');
    const record = { ...ticket('draft'), entity: 'customer' };
    expect(refused(decide(app, { kind: 'update', entity: 'ticket', record, patch: {} }, agent)).error.code).toBe('ENGINE_ENTITY_MISMATCH');
  });

  it('keeps keys the entity does not declare, even an own "__proto__", as plain keys', () => {
    const base = ticket('draft');
    const data = Object.assign(JSON.parse('{"__proto__": {"polluted": true}}'), base.data, { legacy_note: 'v1' });
    const d = ok(decide(app, { kind: 'update', entity: 'ticket', record: { ...base, data }, patch: { note: 'x' } }, agent));
    expect(d.data.legacy_note).toBe('v1');
    expect(Object.hasOwn(d.data, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(d.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not change the record it was given', () => {
    const record = ticket('draft');
    const before = structuredClone(record);
    ok(decide(app, { kind: 'update', entity: 'ticket', record, patch: { note: 'x', lines: dearLines } }, agent));
    ok(decide(app, { kind: 'transition', entity: 'ticket', record, transition: 'submit' }, agent));
    expect(record).toEqual(before);
  });
});

describe('transition', () => {
  it('fires, then chains automatic transitions with their actions', () => {
    const d = ok(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('draft'), transition: 'submit' }, agent));
    expect(d.steps).toEqual([
      { transition: 'submit', from: 'draft', to: 'submitted', trigger: 'manual' },
      { transition: 'auto_approve', from: 'submitted', to: 'approved', trigger: 'automatic' },
    ]);
    expect(d.data).toMatchObject({ status: 'approved', approved_at: agent.now });
    expect(d.firedRules).toEqual([]);
  });

  it('runs transition rules on the step that matches, with rendered messages', () => {
    const d = ok(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('draft', { lines: dearLines }), transition: 'submit' }, agent));
    expect(d.data.status).toBe('submitted');
    expect(d.firedRules).toEqual(['big_ticket']);
    expect(d.effects).toEqual([
      {
        type: 'raise_alert',
        code: 'big_ticket',
        severity: 'warning',
        message: { 'zh-CN': '大额工单 T1：200.00 元', en: 'Big ticket T1: CNY 200.00' },
        source: { kind: 'rule', id: 'big_ticket' },
      },
      { type: 'notify', connector: 'inbox', message: { 'zh-CN': '请审核 T1', en: 'Please review T1' }, mentionRoles: ['manager'], source: { kind: 'rule', id: 'big_ticket' } },
    ]);
  });

  it('collects the effects of a transition\'s actions in order', () => {
    const d = ok(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('submitted', { lines: dearLines }), transition: 'approve' }, manager));
    expect(d.effects).toEqual([
      { type: 'http_request', method: 'POST', url: 'https://wms.example.com/orders', headers: { 'x-shop': 'demo' }, body: { ref: 'T-T1' }, source: { kind: 'transition', id: 'approve' } },
    ]);
    expect(d.data.approved_at).toBe(manager.now);
  });

  it('refuses an unknown transition, a wrong state, a role, a guard, in that order', () => {
    const unknown = refused(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('draft'), transition: 'teleport' }, agent));
    expect(unknown.error).toMatchObject({ code: 'ENGINE_UNKNOWN_TRANSITION', transition: 'teleport' });
    const state = refused(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('draft'), transition: 'approve' }, warehouse));
    expect(state.error).toMatchObject({ code: 'ENGINE_TRANSITION_NOT_FROM_STATE', transition: 'approve' });
    const role = refused(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('draft', { lines: [] }), transition: 'submit' }, manager));
    expect(role.error).toMatchObject({ code: 'ENGINE_ROLE_FORBIDDEN', transition: 'submit' });
    const guard = refused(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('draft', { lines: [] }), transition: 'submit' }, agent));
    expect(guard.error).toMatchObject({ code: 'ENGINE_GUARD_FAILED', transition: 'submit' });
    expect(guard.error.i18n['zh-CN']).toContain('提交');
  });

  it('lets superusers fire any manual transition and stand in for events, never for automatic ones', () => {
    ok(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('draft'), transition: 'submit' }, admin));
    const closed = ok(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('shipped'), transition: 'close' }, system));
    expect(closed.steps).toEqual([{ transition: 'close', from: 'shipped', to: 'closed', trigger: 'event' }]);
    expect(refused(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('shipped'), transition: 'close' }, agent)).error.code).toBe('ENGINE_TRANSITION_NOT_MANUAL');
    expect(refused(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('submitted'), transition: 'auto_approve' }, admin)).error.code).toBe('ENGINE_TRANSITION_NOT_MANUAL');
  });

  it('lets every role fire a manual transition without roles', () => {
    const open = appWith((def) => void delete tr(def, 'ship').roles);
    const d = ok(decide(open, { kind: 'transition', entity: 'ticket', record: ticket('approved', {}, open), transition: 'ship' }, ctxAs(['agent'])));
    expect(d.data.status).toBe('shipped');
    expect(ok(decide(open, { kind: 'transition', entity: 'ticket', record: ticket('approved', {}, open), transition: 'ship' }, ctxAs([]))).steps).toHaveLength(1);
  });

  it('refuses blockedByHold transitions while the record is on hold', () => {
    const record = { ...ticket('approved'), hold: ON_HOLD };
    expect(refused(decide(app, { kind: 'transition', entity: 'ticket', record, transition: 'ship' }, warehouse)).error).toMatchObject({ code: 'ENGINE_RECORD_ON_HOLD', transition: 'ship' });
    ok(decide(app, { kind: 'transition', entity: 'ticket', record: ticket('approved'), transition: 'ship' }, warehouse));
    // transitions not blocked by hold still run, and the hold stays
    const cancelled = ok(decide(app, { kind: 'transition', entity: 'ticket', record: { ...record, data: { ...record.data, note: '客户取消' } }, transition: 'cancel' }, agent));
    expect(cancelled.hold).toEqual(ON_HOLD);
  });

  it('refuses a record of an entity without workflow', () => {
    const record = envelope('customer', { name: '林' });
    expect(refused(decide(app, { kind: 'transition', entity: 'customer', record, transition: 'x' }, admin)).error.code).toBe('ENGINE_NO_WORKFLOW');
  });

  it('refuses when an expression fails, naming where it is', () => {
    const broken = appWith((d) => void (tr(d, 'cancel').guard = { missing_some: [1, null] }));
    const d = refused(decide(broken, { kind: 'transition', entity: 'ticket', record: ticket('draft', {}, broken), transition: 'cancel' }, agent));
    expect(d.error.code).toBe('ENGINE_EXPRESSION_FAILED');
    expect(d.error.message).toContain('/workflows/0/transitions/5/guard');
  });

  it('refuses when an action writes a value of the wrong type', () => {
    const broken = appWith((d) => void ((tr(d, 'approve').actions![0] as { value: unknown }).value = 'yesterday'));
    const d = refused(decide(broken, { kind: 'transition', entity: 'ticket', record: ticket('submitted', {}, broken), transition: 'approve' }, manager));
    expect(d.error.code).toBe('ENGINE_ACTION_INVALID_VALUE');
    expect(d.problems?.[0]?.path).toBe('/data/approved_at');
  });
});

describe('automatic chains and holds', () => {
  const autoShip = (d: AppDefinition) =>
    d.workflows[0]!.transitions.push({ id: 'auto_ship', from: ['approved'], to: 'shipped', label: { 'zh-CN': '自动发货' }, trigger: 'automatic', blockedByHold: true });

  it('chains several automatic transitions, and stops at maxAutomaticSteps', () => {
    const chained = appWith(autoShip);
    const d = ok(decide(chained, { kind: 'transition', entity: 'ticket', record: ticket('draft', {}, chained), transition: 'submit' }, agent));
    expect(d.steps.map((s) => s.transition)).toEqual(['submit', 'auto_approve', 'auto_ship']);
    const limited = appWith((def) => {
      autoShip(def);
      def.workflows[0]!.maxAutomaticSteps = 1;
    });
    const r = refused(decide(limited, { kind: 'transition', entity: 'ticket', record: ticket('draft', {}, limited), transition: 'submit' }, agent));
    expect(r.error).toMatchObject({ code: 'ENGINE_AUTOMATIC_LIMIT', transitions: ['auto_approve', 'auto_ship'] });
    expect(r.error.message).toContain('auto_approve → auto_ship');
  });

  it('stops a run_transition loop at the limit (20 by default)', () => {
    const looping = appWith((def) => {
      def.workflows[0]!.transitions.push({ id: 'reopen', from: ['approved'], to: 'submitted', label: { 'zh-CN': '重开' }, trigger: 'manual', roles: ['manager'] });
      def.rules.push({ id: 'reopen_again', label: { 'zh-CN': '循环' }, entity: 'ticket', on: { event: 'transition', state: 'approved' }, condition: true, severity: 'info', actions: [{ type: 'run_transition', transition: 'reopen' }] });
    });
    const r = refused(decide(looping, { kind: 'transition', entity: 'ticket', record: ticket('draft', {}, looping), transition: 'submit' }, agent));
    expect(r.error.code).toBe('ENGINE_AUTOMATIC_LIMIT');
    expect(r.error.transitions).toHaveLength(21);
    expect(new Set(r.error.transitions)).toEqual(new Set(['auto_approve', 'reopen']));
  });

  it('a hold by a transition action refuses later blockedByHold transitions of the same chain', () => {
    const holding = appWith((def) => {
      autoShip(def);
      tr(def, 'auto_approve').actions!.push({ type: 'hold', reason: { 'zh-CN': '人工复核', en: 'Manual check' } });
    });
    const d = ok(decide(holding, { kind: 'transition', entity: 'ticket', record: ticket('draft', {}, holding), transition: 'submit' }, agent));
    expect(d.steps.map((s) => s.transition)).toEqual(['submit', 'auto_approve']);
    expect(d.data.status).toBe('approved');
    expect(d.effects.map((e) => e.type)).toEqual(['hold']);
    expect(d.hold?.reason).toEqual({ 'zh-CN': '人工复核', en: 'Manual check' });
  });

  it('a hold by a rule on a step refuses later blockedByHold transitions too; a release lets them run', () => {
    const holdRule = (def: AppDefinition) =>
      def.rules.push({ id: 'hold_on_approve', label: { 'zh-CN': '暂停' }, entity: 'ticket', on: { event: 'transition', transition: 'auto_approve' }, condition: true, severity: 'warning', actions: [{ type: 'hold', reason: { 'zh-CN': '暂停' } }] });
    const held = appWith((def) => {
      autoShip(def);
      holdRule(def);
    });
    const d = ok(decide(held, { kind: 'transition', entity: 'ticket', record: ticket('draft', {}, held), transition: 'submit' }, agent));
    expect(d.data.status).toBe('approved');
    expect(d.firedRules).toEqual(['hold_on_approve']);

    const released = appWith((def) => {
      autoShip(def);
      tr(def, 'submit').actions = [{ type: 'release' }];
    });
    const onHold = { ...ticket('draft', {}, released), hold: ON_HOLD };
    const r = ok(decide(released, { kind: 'transition', entity: 'ticket', record: onHold, transition: 'submit' }, agent));
    expect(r.steps.map((s) => s.transition)).toEqual(['submit', 'auto_approve', 'auto_ship']);
    expect(r.hold).toBe(null);
    expect(r.effects).toEqual([{ type: 'release', source: { kind: 'transition', id: 'submit' } }]);
  });

  it('evaluates transition rules for every step of the chain, with their filters', () => {
    const ruled = appWith((def) => {
      const rule = (id: string, on: AppDefinition['rules'][number]['on']) =>
        def.rules.push({ id, label: { 'zh-CN': id }, entity: 'ticket', on, condition: true, severity: 'info', actions: [{ type: 'raise_alert', code: id, severity: 'info', message: { 'zh-CN': `{{status}} ${id}`, en: `{{status}} ${id}` } }] });
      rule('any_step', { event: 'transition' });
      rule('on_auto', { event: 'transition', transition: 'auto_approve' });
      rule('into_submitted', { event: 'transition', state: 'submitted' });
      rule('on_update', { event: 'updated' });
    });
    const d = ok(decide(ruled, { kind: 'transition', entity: 'ticket', record: ticket('draft', {}, ruled), transition: 'submit' }, agent));
    expect(d.firedRules).toEqual(['any_step', 'into_submitted', 'any_step', 'on_auto']);
    expect(d.effects.map((e) => (e.type === 'raise_alert' ? e.message.en : ''))).toEqual(['Submitted any_step', 'Submitted into_submitted', 'Approved any_step', 'Approved on_auto']);
  });
});

describe('event', () => {
  it('fires the transition of the event from the record\'s state, whoever sends it', () => {
    const d = ok(decide(app, { kind: 'event', entity: 'ticket', record: ticket('shipped'), event: 'carrier.signed' }, warehouse));
    expect(d.steps).toEqual([{ transition: 'close', from: 'shipped', to: 'closed', trigger: 'event' }]);
  });

  it('refuses an unknown event and an event in the wrong state', () => {
    expect(refused(decide(app, { kind: 'event', entity: 'ticket', record: ticket('shipped'), event: 'carrier.lost' }, system)).error.code).toBe('ENGINE_UNKNOWN_EVENT');
    expect(refused(decide(app, { kind: 'event', entity: 'ticket', record: ticket('draft'), event: 'carrier.signed' }, system)).error).toMatchObject({ code: 'ENGINE_TRANSITION_NOT_FROM_STATE', transition: 'close' });
  });

  it('tries the event\'s transitions in order; the first allowed one fires', () => {
    const twoWays = appWith((def) => {
      tr(def, 'close').guard = { '==': [{ var: 'priority' }, 'high'] };
      def.workflows[0]!.transitions.push({ id: 'close_normal', from: ['shipped'], to: 'closed', label: { 'zh-CN': '签收' }, trigger: 'event', event: 'carrier.signed', blockedByHold: true });
    });
    const normal = ok(decide(twoWays, { kind: 'event', entity: 'ticket', record: ticket('shipped', {}, twoWays), event: 'carrier.signed' }, system));
    expect(normal.steps[0]?.transition).toBe('close_normal');
    const held = { ...ticket('shipped', {}, twoWays), hold: ON_HOLD };
    expect(refused(decide(twoWays, { kind: 'event', entity: 'ticket', record: held, event: 'carrier.signed' }, system)).error).toMatchObject({ code: 'ENGINE_GUARD_FAILED', transition: 'close' });
  });
});

describe('availableTransitions', () => {
  const ids = (options: { id: string; allowed: boolean; reason?: string }[]) => options.map((o) => `${o.id}:${o.allowed ? 'yes' : o.reason}`);

  it('lists the manual transitions from the state with the reason each is refused', () => {
    expect(ids(availableTransitions(app, 'ticket', ticket('draft'), agent))).toEqual(['submit:yes', 'cancel:guard']);
    expect(ids(availableTransitions(app, 'ticket', ticket('draft', { lines: [] }), manager))).toEqual(['submit:role', 'cancel:guard']);
    expect(ids(availableTransitions(app, 'ticket', { ...ticket('approved'), hold: ON_HOLD }, warehouse))).toEqual(['ship:hold', 'cancel:role']);
  });

  it('carries label, target, confirm, trigger and the decide code', () => {
    const [approve] = availableTransitions(app, 'ticket', ticket('submitted'), agent);
    expect(approve).toEqual({
      id: 'approve',
      label: { 'zh-CN': '审核通过', en: 'Approve' },
      to: 'approved',
      confirm: { 'zh-CN': '确认审核通过？', en: 'Approve this ticket?' },
      trigger: 'manual',
      allowed: false,
      reason: 'role',
      code: 'ENGINE_ROLE_FORBIDDEN',
    });
  });

  it('shows superusers the event transitions they may stand in for', () => {
    expect(ids(availableTransitions(app, 'ticket', ticket('shipped'), system))).toEqual(['close:yes']);
    expect(availableTransitions(app, 'ticket', ticket('shipped'), warehouse)).toEqual([]);
    expect(availableTransitions(app, 'customer', envelope('customer', {}), system)).toEqual([]);
  });
});

describe('compileApp', () => {
  it('refuses a definition with errors, listing the problems', () => {
    const def = baseDefinition();
    def.workflows[0]!.states[0]!.kind = 'normal';
    expect(() => compileApp(def, 1)).toThrow(DefinitionError);
    try {
      compileApp(def, 1);
    } catch (e) {
      expect((e as DefinitionError).problems.map((p) => p.code)).toEqual(['DEF_NO_INITIAL_STATE']);
    }
  });

  it('compiles each expression once: deciding never compiles again', () => {
    let compiled = 0;
    const operators = standardOperators.with({
      name: 'counted_true',
      arity: { min: 0, max: 0 },
      description: 'true, counting its compilations',
      compile: () => {
        compiled++;
        return () => true;
      },
    });
    const def = baseDefinition();
    tr(def, 'auto_approve').guard = { and: [{ counted_true: [] }, { '<': [{ var: 'total' }, 10000] }] };
    const counted = compileApp(def, 1, { operators });
    const afterCompile = compiled; // validation compiles once to check, compileApp once to keep
    expect(afterCompile).toBeGreaterThan(0);
    for (let i = 0; i < 50; i++) ok(decide(counted, { kind: 'transition', entity: 'ticket', record: ticket('draft', {}, counted), transition: 'submit' }, agent));
    expect(compiled).toBe(afterCompile);
  });

  it('decides quickly (printed, not asserted)', () => {
    const record = ticket('draft');
    const n = 20000;
    const start = performance.now();
    for (let i = 0; i < n; i++) decide(app, { kind: 'transition', entity: 'ticket', record, transition: 'submit' }, agent);
    const ms = performance.now() - start;
    process.stdout.write(`decide: ${n} transitions (each with an automatic step) in ${ms.toFixed(0)} ms = ${Math.round((n / ms) * 1000)}/s\n`);
    expect(ms).toBeGreaterThan(0);
  });
});
