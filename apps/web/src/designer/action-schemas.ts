import { appDefinitionSchema } from '@statecraft/schema';

/** One property of an action's config as the config form shows it. */
export interface ActionProperty {
  name: string;
  required: boolean;
  description?: string;
  /** How it is edited. */
  control: 'text' | 'enum' | 'i18n' | 'boolean' | 'integer' | 'number' | 'id' | 'logic' | 'json' | 'ids';
  options?: string[];
  default?: unknown;
}

/** An action type of the registry, with its config form. */
export interface ActionType {
  type: string;
  title: string;
  description: string;
  properties: ActionProperty[];
}

type Schema = Record<string, unknown> & { $ref?: string; type?: unknown; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; description?: string; default?: unknown };
const defs = (appDefinitionSchema as unknown as { $defs: Record<string, Schema> }).$defs;

function controlOf(s: Schema): Pick<ActionProperty, 'control' | 'options'> {
  const ref = s.$ref ?? '';
  if (ref.endsWith('/I18nText')) return { control: 'i18n' };
  if (ref.endsWith('/Id')) return { control: 'id' };
  if (ref.endsWith('/JsonLogic')) return { control: 'logic' };
  if (Array.isArray(s.enum)) return { control: 'enum', options: s.enum.map(String) };
  if (s.type === 'boolean') return { control: 'boolean' };
  if (s.type === 'integer') return { control: 'integer' };
  if (s.type === 'number') return { control: 'number' };
  if (s.type === 'string') return { control: 'text' };
  if (s.type === 'array' && s.items?.$ref?.endsWith('/Id')) return { control: 'ids' };
  return { control: 'json' };
}

/**
 * The action registry as the designer knows it: every action type of the bundled app schema
 * (`Action.oneOf`), each with a config form derived from its JSON Schema, so a new action type
 * in `schemas/actions/` shows up here with no designer change.
 */
export const actionTypes: ActionType[] = ((defs.Action?.oneOf as Schema[] | undefined) ?? []).map((branch) => {
  const s = defs[branch.$ref!.split('/').pop()!]!;
  const type = String((s.properties!.type as Schema & { const: string }).const);
  const required = new Set(s.required ?? []);
  return {
    type,
    title: String(s.title ?? type),
    description: String(s.description ?? ''),
    properties: Object.entries(s.properties ?? {})
      .filter(([name]) => name !== 'type')
      .map(([name, p]) => ({ name, required: required.has(name), ...(p.description ? { description: p.description } : {}), ...(p.default !== undefined ? { default: p.default } : {}), ...controlOf(p) })),
  };
});

/** A new action of a type with placeholders for what it requires. */
export function newAction(type: string): Record<string, unknown> {
  const t = actionTypes.find((x) => x.type === type);
  const out: Record<string, unknown> = { type };
  for (const p of t?.properties ?? []) {
    if (!p.required) continue;
    out[p.name] = p.control === 'i18n' ? { 'zh-CN': '…' } : p.control === 'enum' ? p.options![0] : p.control === 'json' ? {} : p.control === 'logic' ? null : p.control === 'ids' ? [] : p.control === 'boolean' ? false : p.control === 'integer' || p.control === 'number' ? 0 : '';
  }
  return out;
}
