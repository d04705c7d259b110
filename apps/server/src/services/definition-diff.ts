import type { AppDefinition, I18NText } from '@statecraft/schema';

/** One item that differs between two definitions. */
export interface ItemChange {
  kind: 'added' | 'removed' | 'changed';
  /** `entity.field`, `workflow.state`, `workflow.transition`, or the rule id. */
  key: string;
  label?: I18NText;
  /** For `changed`: the top-level properties whose values differ, e.g. ["to", "guard"]. */
  changedKeys?: string[];
  before?: unknown;
  after?: unknown;
}

/** What changed between two definitions, by kind of item. */
export interface DefinitionDiff {
  fields: ItemChange[];
  states: ItemChange[];
  transitions: ItemChange[];
  rules: ItemChange[];
}

type Item = { id: string; label?: I18NText } & Record<string, unknown>;

// A state's position is where the designer drew it, not what it means: moving it is no change.
const IGNORED: Record<keyof DefinitionDiff, ReadonlySet<string>> = {
  fields: new Set(),
  states: new Set(['position']),
  transitions: new Set(),
  rules: new Set(),
};

/** Stable JSON: object keys sorted, so key order never counts as a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function compare(kind: keyof DefinitionDiff, before: Map<string, Item>, after: Map<string, Item>): ItemChange[] {
  const out: ItemChange[] = [];
  for (const [key, a] of after) {
    const b = before.get(key);
    if (!b) {
      out.push({ kind: 'added', key, ...(a.label ? { label: a.label } : {}), after: a });
      continue;
    }
    const props = new Set([...Object.keys(a), ...Object.keys(b)]);
    const changedKeys = [...props].filter((p) => !IGNORED[kind].has(p) && canonical(a[p]) !== canonical(b[p])).sort();
    if (changedKeys.length) out.push({ kind: 'changed', key, ...(a.label ? { label: a.label } : {}), changedKeys, before: b, after: a });
  }
  for (const [key, b] of before) if (!after.has(key)) out.push({ kind: 'removed', key, ...(b.label ? { label: b.label } : {}), before: b });
  return out;
}

function index(def: AppDefinition): Record<keyof DefinitionDiff, Map<string, Item>> {
  const fields = new Map<string, Item>();
  for (const e of def.entities ?? []) for (const f of e.fields ?? []) fields.set(`${e.id}.${f.id}`, f as unknown as Item);
  const states = new Map<string, Item>();
  const transitions = new Map<string, Item>();
  for (const w of def.workflows ?? []) {
    for (const s of w.states ?? []) states.set(`${w.id}.${s.id}`, s as unknown as Item);
    for (const t of w.transitions ?? []) transitions.set(`${w.id}.${t.id}`, t as unknown as Item);
  }
  const rules = new Map<string, Item>((def.rules ?? []).map((r) => [r.id, r as unknown as Item]));
  return { fields, states, transitions, rules };
}

/**
 * Compares two definitions item by item: fields (per entity), states and transitions (per
 * workflow) and rules, each added, removed or changed (with the properties that changed).
 * Items are matched by id, so a renamed label is a change and a new id is an add plus a remove.
 *
 * @example
 * diffDefinitions(v1, v2).states // [{ kind: 'added', key: 'order_flow.re_check', label: { 'zh-CN': '待复核' } }]
 */
export function diffDefinitions(before: AppDefinition, after: AppDefinition): DefinitionDiff {
  const a = index(before);
  const b = index(after);
  return {
    fields: compare('fields', a.fields, b.fields),
    states: compare('states', a.states, b.states),
    transitions: compare('transitions', a.transitions, b.transitions),
    rules: compare('rules', a.rules, b.rules),
  };
}
