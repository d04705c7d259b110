import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatProblems, validateShape, type Action, type Entity, type Field, type Transition, type Workflow } from '@statecraft/schema';
import { describe, expect, it } from 'vitest';
// Imported by path, not by package name: @statecraft/engine already depends on this template
// (its golden tests replay our scenarios), and a workspace dependency back would be a cycle.
import { compileApp, decide, replayScenario, validateDefinition, type RecordEnvelope } from '../../../packages/engine/src/index.ts';
import { definition, isSeedRef, scenarios, seed, SYSTEM_ACTOR, type ScenarioStep } from './index.ts';

const scenariosDir = fileURLToPath(new URL('../scenarios/', import.meta.url));

const entity = (id: string): Entity => {
  const e = definition.entities.find((x) => x.id === id);
  if (!e) throw new Error(`no entity ${id}`);
  return e;
};
const fieldsOf = (e: Entity): Map<string, Field> => new Map(e.fields.map((f) => [f.id, f]));
const workflowOf = (entityId: string): Workflow | undefined => definition.workflows.find((w) => w.entity === entityId);
const roleIds = new Set(definition.roles.map((r) => r.id));
const flow = workflowOf('order')!;
const stateIds = new Set(flow.states.map((s) => s.id));
const transitionById = new Map<string, Transition>(flow.transitions.map((t) => [t.id, t]));

/** The ids an expression reads with `var`, outside reduce/map/filter/all/some/none bodies (whose vars are scoped). */
function varsOf(logic: unknown, out: string[] = []): string[] {
  if (Array.isArray(logic)) logic.forEach((l) => varsOf(l, out));
  else if (logic && typeof logic === 'object') {
    const [op, args] = Object.entries(logic)[0] ?? [];
    if (Object.keys(logic).length !== 1) Object.values(logic).forEach((v) => varsOf(v, out));
    else if (op === 'var') out.push(String(Array.isArray(args) ? args[0] : args));
    else if (op === 'missing') (Array.isArray(args) ? args : [args]).forEach((a) => (typeof a === 'string' ? out.push(a) : varsOf(a, out)));
    else if (['reduce', 'map', 'filter', 'all', 'some', 'none'].includes(op!)) varsOf((args as unknown[])[0], out);
    else varsOf(args, out);
  }
  return out;
}

/** The json-logic expressions inside actions: set_field values, create_record values, http bodies. */
function actionExpressions(owner: string, actions: readonly Action[]): [string, unknown][] {
  return actions.flatMap((a, i): [string, unknown][] => {
    if (a.type === 'set_field') return [[`${owner}.actions[${i}].value`, a.value]];
    if (a.type === 'http_request') return Object.entries(a.body ?? {}).map(([k, v]) => [`${owner}.actions[${i}].body.${k}`, v]);
    if (a.type === 'create_record') return Object.entries(a.values).map(([k, v]) => [`${owner}.actions[${i}].values.${k}`, v]);
    return [];
  });
}

/** Follows a transition and then the automatic transitions it chains (the template's have no guards). */
function follow(state: string, t: Transition): string {
  let next = t.to;
  for (let i = 0; i < 20; i++) {
    const auto = flow.transitions.find((a) => a.trigger === 'automatic' && a.from.includes(next));
    if (!auto) return next;
    next = auto.to;
  }
  throw new Error(`automatic transitions loop after ${t.id} from ${state}`);
}

describe('definition.json', () => {
  it('satisfies the app JSON Schema', () => {
    const problems = validateShape(definition);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  it('is the OMS app, labelled in zh-CN and en everywhere', () => {
    expect(definition).toMatchObject({ id: 'ecommerce_oms', version: '1.0.0', name: { 'zh-CN': '电商订单管理', en: 'E-commerce order management' } });
    const missingEn: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}/${i}`));
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (typeof o['zh-CN'] === 'string' && typeof o.en !== 'string') missingEn.push(path);
        for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
      }
    };
    walk(definition, '');
    expect(missingEn).toEqual([]);
  });

  it('names only declared roles, states, entities and fields', () => {
    const unknown: string[] = [];
    for (const e of definition.entities) {
      const fields = fieldsOf(e);
      const known = (id: string) => fields.has(id) || workflowOf(e.id)?.stateField === id;
      for (const [kind, ids] of Object.entries(e.permissions ?? {})) for (const r of ids) if (!roleIds.has(r)) unknown.push(`${e.id}.permissions.${kind}: ${r}`);
      for (const c of [...(e.list?.columns ?? []), ...(e.list?.searchFields ?? []), e.list?.defaultSort?.field, e.titleField]) if (c && !known(c)) unknown.push(`${e.id} list/title: ${c}`);
      for (const s of e.form?.sections ?? []) for (const f of s.fields) if (!fields.has(f)) unknown.push(`${e.id} form ${s.id}: ${f}`);
      // The engine allows the workflow's state field in indexes (e.g. status + ordered_at for the review queue).
      // … and one part of an address field (ship_to.district).
      const indexable = (f: string) => known(f) || (f.includes('.') && e.fields.some((x) => x.id === f.split('.')[0] && x.type === 'address'));
      for (const ix of e.indexes ?? []) for (const f of ix.fields) if (!indexable(f)) unknown.push(`${e.id} index ${ix.id}: ${f}`);
      for (const v of e.list?.views ?? []) for (const c of v.filters) if (c.field !== 'hold' && !known(c.field)) unknown.push(`${e.id} view ${v.id}: ${c.field}`);
      for (const f of e.fields) {
        if ((f.type === 'reference' || f.type === 'lines') && !definition.entities.some((x) => x.id === f.entity)) unknown.push(`${e.id}.${f.id} → ${f.entity}`);
        if (f.type === 'computed') for (const v of varsOf(f.expression)) if (!fields.has(v)) unknown.push(`${e.id}.${f.id} reads ${v}`);
      }
    }
    const orderFields = fieldsOf(entity('order'));
    const readable = (v: string) => v === '' /* the whole record */ || orderFields.has(v) || /^\$(now$|actor\.|record\.|facts\.)/.test(v);
    for (const t of flow.transitions) {
      for (const s of [...t.from, t.to]) if (!stateIds.has(s)) unknown.push(`${t.id}: state ${s}`);
      for (const r of t.roles ?? []) if (!roleIds.has(r)) unknown.push(`${t.id}: role ${r}`);
      for (const v of varsOf([t.guard ?? null, ...(t.actions ?? [])])) if (!readable(v)) unknown.push(`${t.id} reads ${v}`);
      for (const a of t.actions ?? []) if (a.type === 'set_field' && !orderFields.has(a.field)) unknown.push(`${t.id} sets ${a.field}`);
    }
    for (const r of definition.rules) {
      if (r.on.state && !stateIds.has(r.on.state)) unknown.push(`rule ${r.id}: state ${r.on.state}`);
      for (const v of varsOf([r.condition, ...r.actions])) if (!readable(v)) unknown.push(`rule ${r.id} reads ${v}`);
      for (const a of r.actions) if (a.type === 'notify') for (const m of a.mentionRoles ?? []) if (!roleIds.has(m)) unknown.push(`rule ${r.id}: role ${m}`);
    }
    for (const d of definition.dashboards ?? []) {
      for (const w of d.widgets) {
        const e = definition.entities.find((x) => x.id === w.entity);
        if (!e) { unknown.push(`dashboard ${d.id}.${w.id}: entity ${w.entity}`); continue; }
        const fields = fieldsOf(e);
        const known = (id: string) => fields.has(id) || workflowOf(e.id)?.stateField === id;
        const used = [...(w.where ?? []).map((c) => c.field), w.window?.field];
        if (w.type === 'chart') used.push(w.dimension);
        if (w.type === 'table') used.push(...w.columns, w.sort?.field);
        const m = w.type === 'table' ? undefined : w.measure;
        if (m && 'field' in m) used.push(m.field);
        if (m && 'from' in m) used.push(m.from, m.to);
        for (const f of used) if (f && !known(f)) unknown.push(`dashboard ${d.id}.${w.id}: ${f}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('writes no multi-key object inside an expression (json-logic would return it unevaluated)', () => {
    const literals: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}/${i}`));
      else if (node && typeof node === 'object') {
        const entries = Object.entries(node);
        if (entries.length !== 1) literals.push(at);
        else walk(entries[0]![1], `${at}/${entries[0]![0]}`);
      }
    };
    const expressions: [string, unknown][] = [
      ...definition.entities.flatMap((e) => e.fields.flatMap((f) => (f.type === 'computed' ? [[`${e.id}.${f.id}`, f.expression] as [string, unknown]] : []))),
      ...definition.workflows.flatMap((w) => w.transitions.flatMap((t) => [[`${t.id}.guard`, t.guard ?? null] as [string, unknown], ...actionExpressions(t.id, t.actions ?? [])])),
      ...definition.rules.flatMap((r) => [[`${r.id}.condition`, r.condition] as [string, unknown], ...actionExpressions(r.id, r.actions)]),
    ];
    for (const [where, expression] of expressions) walk(expression, where);
    expect(literals).toEqual([]);
  });

  it('puts every order field in exactly one form section', () => {
    const placed = entity('order').form!.sections.flatMap((s) => s.fields);
    expect([...placed].sort()).toEqual(entity('order').fields.map((f) => f.id).sort());
  });

  it('reaches every state from pending_payment and ends in completed or cancelled', () => {
    const initial = flow.states.filter((s) => s.kind === 'initial').map((s) => s.id);
    expect(initial).toEqual(['pending_payment']);
    const reached = new Set(initial);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of flow.transitions) if (t.from.some((s) => reached.has(s)) && !reached.has(t.to)) (reached.add(t.to), (grew = true));
    }
    expect([...reached].sort()).toEqual([...stateIds].sort());
    expect(flow.states.filter((s) => s.kind === 'final').map((s) => s.id).sort()).toEqual(['cancelled', 'completed']);
    for (const s of flow.states.filter((x) => x.kind === 'final')) expect(flow.transitions.filter((t) => t.from.includes(s.id))).toEqual([]);
  });

  it('keeps the review in the supervisor’s hands and shipping behind holds', () => {
    expect(transitionById.get('approve')).toMatchObject({ roles: ['ops_supervisor'], trigger: 'manual', blockedByHold: true });
    expect(transitionById.get('approve')!.confirm).toBeDefined();
    expect(transitionById.get('submit_review')).toMatchObject({ from: ['paid'], to: 'pending_review', trigger: 'automatic' });
    expect(transitionById.get('ship')).toMatchObject({ roles: ['warehouse'], blockedByHold: true });
    const wms = transitionById.get('approve')!.actions!.find((a) => a.type === 'http_request');
    expect(wms).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:4010/wms/orders' });
  });
});

describe('seed.json', () => {
  const keys = new Map<string, string>(); // $key → entity

  it('has one user per non-admin role', () => {
    const roles = seed.users.flatMap((u) => u.roles).sort();
    expect(roles).toEqual(definition.roles.filter((r) => !r.superuser).map((r) => r.id).sort());
    expect(new Set(seed.users.map((u) => u.username)).size).toBe(seed.users.length);
  });

  it('writes only existing fields, valid values and references to earlier records', () => {
    const problems: string[] = [];
    const check = (e: Entity, data: Record<string, unknown>, where: string): void => {
      const fields = fieldsOf(e);
      for (const [k, v] of Object.entries(data)) {
        if (k === '$key' || k === '$transitions' || k === '$at') continue;
        const f = fields.get(k);
        if (!f) problems.push(`${where}: unknown field ${k}`);
        else if (f.type === 'computed' || f.readOnly) problems.push(`${where}: ${k} is computed or read-only`);
        else if (f.type === 'money' || f.type === 'integer') {
          if (!Number.isInteger(v)) problems.push(`${where}: ${k} must be an integer (money in fen)`);
        } else if (f.type === 'enum' && !f.options.some((o) => o.value === v)) problems.push(`${where}: ${k}=${String(v)} is no option`);
        else if (f.type === 'multienum' && !(v as string[]).every((x) => f.options.some((o) => o.value === x))) problems.push(`${where}: ${k} has an unknown option`);
        else if (f.type === 'reference' && !(isSeedRef(v) && keys.get(v.$key) === f.entity)) problems.push(`${where}: ${k} must reference an earlier ${f.entity} by $key`);
        else if (f.type === 'lines') (v as Record<string, unknown>[]).forEach((l, i) => check(entity(f.entity), l, `${where}.${k}[${i}]`));
        else if (f.type === 'address' && !['province', 'city', 'district', 'detail'].every((p) => typeof (v as Record<string, unknown>)[p] === 'string')) problems.push(`${where}: ${k} needs province, city, district, detail`);
      }
      for (const f of e.fields) if (f.required && data[f.id] === undefined && !('default' in f && f.default !== undefined)) problems.push(`${where}: required ${f.id} missing`);
    };
    for (const [entityId, records] of Object.entries(seed.records)) {
      records.forEach((r, i) => {
        check(entity(entityId), r, `${entityId}[${i}]`);
        if (r.$key) {
          if (keys.has(r.$key)) problems.push(`${entityId}[${i}]: duplicate $key ${r.$key}`);
          keys.set(r.$key, entityId);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('fires $transitions that exist and are possible one after the other', () => {
    for (const order of seed.records.order ?? []) {
      let state = 'pending_payment';
      for (const id of order.$transitions ?? []) {
        const t = transitionById.get(id);
        expect(t, `${String(order.order_no)}: ${id}`).toBeDefined();
        expect(t!.from, `${String(order.order_no)}: ${id} from ${state}`).toContain(state);
        for (const need of varsOf(t!.guard ?? null)) expect(order[need], `${String(order.order_no)}: ${id} needs ${need}`).toBeDefined();
        state = follow(state, t!);
      }
    }
  });

  it('adds up amounts: goods = Σ qty × unit price, paid = goods − discount + post fee', () => {
    for (const o of seed.records.order ?? []) {
      const lines = o.lines as { qty: number; unit_price: number }[];
      const goods = lines.reduce((s, l) => s + l.qty * l.unit_price, 0);
      expect(o.goods_amount, String(o.order_no)).toBe(goods);
      expect(o.paid_amount, String(o.order_no)).toBe(goods - ((o.discount_amount as number) ?? 0) + ((o.post_fee as number) ?? 0));
    }
  });
});

describe('scenarios', () => {
  const engineErrors = new Set([
    'ENGINE_ROLE_FORBIDDEN',
    'ENGINE_GUARD_FAILED',
    'ENGINE_TRANSITION_NOT_FROM_STATE',
    'ENGINE_UNKNOWN_TRANSITION',
    'ENGINE_RECORD_ON_HOLD',
    'ENGINE_FIELD_READ_ONLY',
    'ENGINE_RECORD_INVALID',
  ]);
  const events = new Set(flow.transitions.filter((t) => t.trigger === 'event').map((t) => t.event));

  it('lists every file of scenarios/ once, under its file name', () => {
    const files = readdirSync(scenariosDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(scenarios.map((s) => s.id).sort()).toEqual(files.sort());
    expect(scenarios.length).toBeGreaterThanOrEqual(6);
  });

  it.each(scenarios.map((s) => [s.id, s] as const))('%s names only existing transitions, events, roles, fields and states', (_id, s) => {
    const problems: string[] = [];
    expect(s.description['zh-CN'] && s.description.en).toBeTruthy();
    expect(s.steps[0]?.do).toBe('create');
    let current: Entity | undefined;
    s.steps.forEach((step: ScenarioStep, i) => {
      const at = `step ${i} (${step.do})`;
      if (step.as !== SYSTEM_ACTOR && !roleIds.has(step.as)) problems.push(`${at}: unknown role ${step.as}`);
      if (step.now !== undefined && Number.isNaN(Date.parse(step.now))) problems.push(`${at}: now is not ISO 8601`);
      const ex = step.expect ?? {};
      if (ex.error !== undefined && !engineErrors.has(ex.error)) problems.push(`${at}: unknown error ${ex.error}`);
      if (ex.error !== undefined && (ex.state ?? ex.data ?? ex.effects) !== undefined) problems.push(`${at}: an error step expects nothing else`);
      if (ex.state !== undefined && !stateIds.has(ex.state)) problems.push(`${at}: unknown state ${ex.state}`);
      let target = current;
      if (step.do === 'create') {
        target = definition.entities.find((e) => e.id === step.entity);
        if (!target) problems.push(`${at}: unknown entity ${step.entity}`);
        if (ex.error === undefined) current = target;
      }
      if (!target) return problems.push(`${at}: no record to act on`);
      const fields = fieldsOf(target);
      const input = step.do === 'create' ? step.data : step.do === 'update' ? step.patch : {};
      for (const k of [...Object.keys(input), ...Object.keys(ex.data ?? {})]) if (!fields.has(k)) problems.push(`${at}: unknown field ${k}`);
      if (step.do === 'transition' && !transitionById.has(step.transition) && ex.error !== 'ENGINE_UNKNOWN_TRANSITION') problems.push(`${at}: unknown transition ${step.transition}`);
      if (step.do === 'transition' && transitionById.get(step.transition)?.trigger !== 'manual' && transitionById.has(step.transition)) problems.push(`${at}: ${step.transition} is not manual`);
      if (step.do === 'event' && !events.has(step.event)) problems.push(`${at}: no transition listens to ${step.event}`);
      for (const eff of ex.effects ?? []) if (!['create_record', 'raise_alert', 'hold', 'release', 'http_request', 'notify', 'reserve_stock', 'release_stock', 'commit_stock'].includes(eff)) problems.push(`${at}: unknown effect ${eff}`);
    });
    expect(problems).toEqual([]);
  });

  it('cover the brief: completed and cancelled reached, every engine error exercised but holds, every event fired', () => {
    const steps = scenarios.flatMap((s) => s.steps);
    const reached = new Set(steps.map((st) => st.expect?.state));
    const errors = new Set(steps.map((st) => st.expect?.error));
    expect(reached).toContain('completed');
    expect(reached).toContain('cancelled');
    expect(reached).toContain('out_of_stock');
    for (const code of engineErrors) if (code !== 'ENGINE_RECORD_ON_HOLD') expect(errors, code).toContain(code);
    expect(new Set(steps.flatMap((st) => (st.do === 'event' ? [st.event] : [])))).toEqual(events);
    const fired = new Set(steps.flatMap((st) => (st.do === 'transition' && st.expect?.state ? [st.transition] : [])));
    for (const t of flow.transitions.filter((x) => x.trigger === 'manual')) expect(fired, t.id).toContain(t.id);
  });
});

describe('with the engine', () => {
  it('has no problem, error or warning, in validateDefinition', () => {
    const problems = validateDefinition(definition);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  const app = compileApp(definition, 1);

  it.each(scenarios.map((s) => [s.id, s] as const))('replays %s in memory', (_id, s) => {
    const result = replayScenario(app, s);
    expect(result.steps.flatMap((st) => st.failures.map((f) => `step ${st.index} (${st.do}): ${f}`))).toEqual([]);
  });

  it('installs the seed: every record is accepted and every $transitions step allowed', () => {
    const system = { id: 'seed:installer', roles: ['admin'], superuser: true };
    const now = '2024-11-11T12:00:00.000Z';
    const idOf = new Map<string, number>();
    const refused: string[] = [];
    const states: Record<string, number> = {};
    let nextId = 1;
    const resolve = (value: unknown): unknown => (isSeedRef(value) ? idOf.get(value.$key) : value);
    for (const [entityId, records] of Object.entries(seed.records)) {
      for (const { $key, $transitions, $at: _at, ...raw } of records) {
        const data = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, resolve(v)]));
        const created = decide(app, { kind: 'create', entity: entityId, data }, { now, actor: system });
        const name = `${entityId} ${$key ?? String(raw.order_no ?? raw.code)}`;
        if (!created.ok) {
          refused.push(`${name}: ${created.error.code} ${created.error.message} ${JSON.stringify(created.problems ?? [])}`);
          continue;
        }
        const id = nextId++;
        if ($key) idOf.set($key, id);
        let record: RecordEnvelope = { id, entity: entityId, version: 1, defVersion: 1, createdAt: now, updatedAt: now, createdBy: system.id, updatedBy: system.id, hold: created.hold, data: created.data };
        for (const transition of $transitions ?? []) {
          const moved = decide(app, { kind: 'transition', entity: entityId, record, transition }, { now, actor: system });
          if (!moved.ok) {
            refused.push(`${name}: ${transition}: ${moved.error.code} ${moved.error.message}`);
            break;
          }
          record = { ...record, version: record.version + 1, hold: moved.hold, data: moved.data };
        }
        const state = record.data.status;
        if (typeof state === 'string') states[state] = (states[state] ?? 0) + 1;
      }
    }
    expect(refused).toEqual([]);
    // the demo shows orders waiting in each main queue
    expect(Object.keys(states).sort()).toEqual(['cancelled', 'completed', 'pending_payment', 'pending_review', 'reviewed', 'shipped']);
  });
});
