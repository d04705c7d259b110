import type { Entity, Field } from '@statecraft/schema';
import type { Condition } from '../api/types.ts';
import { yuanToFen } from '../format/money.ts';
import { endOfLocalDay, startOfLocalDay } from '../format/datetime.ts';

/** What the filter bar holds; turned into list conditions by `toConditions`. */
export interface FilterState {
  searchField: string;
  search: string;
  states: string[];
  /** Per field: enum value, boolean "true"/"false", or text prefix. */
  values: Record<string, string>;
  /** Per date/datetime/money field: from and to as typed (dates, or yuan). */
  ranges: Record<string, { from: string; to: string }>;
  onHold: boolean;
  hasAlert: boolean;
}

export const emptyFilterState = (entity: Entity): FilterState => ({
  searchField: entity.list?.searchFields?.[0] ?? '',
  search: '',
  states: [],
  values: {},
  ranges: {},
  onHold: false,
  hasAlert: false,
});

/** Which filter control a field gets, by type; undefined when it gets none. */
export function filterKind(field: Field): 'enum' | 'boolean' | 'text' | 'dateRange' | 'moneyRange' | 'numberRange' | undefined {
  switch (field.type) {
    case 'enum':
      return 'enum';
    case 'boolean':
      return 'boolean';
    case 'text':
    case 'phone':
    case 'email':
      return 'text';
    case 'date':
    case 'datetime':
      return 'dateRange';
    case 'money':
      return 'moneyRange';
    case 'integer':
    case 'decimal':
      return 'numberRange';
    case 'computed':
      return field.resultType === 'money' ? 'moneyRange' : field.resultType === 'integer' || field.resultType === 'decimal' ? 'numberRange' : undefined;
    default:
      return undefined;
  }
}

/** The fields the filter bar offers: the list's columns (and indexed fields) with a filter kind, minus the search fields. */
export function filterableFields(entity: Entity, stateField: string | undefined): Field[] {
  const columns = new Set(entity.list?.columns ?? entity.fields.map((f) => f.id));
  const search = new Set(entity.list?.searchFields ?? []);
  return entity.fields.filter((f) => f.id !== stateField && !search.has(f.id) && (columns.has(f.id) || f.indexed) && filterKind(f) !== undefined);
}

/**
 * The list conditions of a filter state. Money is typed in yuan and sent in fen; date ranges
 * are local days, sent as instants (to is exclusive: the day after).
 */
export function toConditions(entity: Entity, stateField: string | undefined, s: FilterState): Condition[] {
  const out: Condition[] = [];
  if (s.search.trim() && s.searchField) out.push({ field: s.searchField, op: 'prefix', value: s.search.trim() });
  if (stateField && s.states.length === 1) out.push({ field: stateField, op: 'eq', value: s.states[0] });
  else if (stateField && s.states.length > 1) out.push({ field: stateField, op: 'in', value: s.states });
  for (const [fieldId, value] of Object.entries(s.values)) {
    const field = entity.fields.find((f) => f.id === fieldId);
    if (!field || value === '') continue;
    if (field.type === 'text' || field.type === 'phone' || field.type === 'email') out.push({ field: fieldId, op: 'prefix', value });
    else out.push({ field: fieldId, op: 'eq', value });
  }
  for (const [fieldId, range] of Object.entries(s.ranges)) {
    const field = entity.fields.find((f) => f.id === fieldId);
    if (!field) continue;
    const kind = filterKind(field);
    const conv = (v: string, end: boolean): unknown => {
      if (!v) return undefined;
      if (kind === 'moneyRange') return yuanToFen(v) ?? undefined;
      if (kind === 'numberRange') return Number.isFinite(Number(v)) ? Number(v) : undefined;
      if (field.type === 'date') return v;
      return end ? endOfLocalDay(v) : startOfLocalDay(v);
    };
    const from = conv(range.from, false);
    const to = conv(range.to, true);
    if (from !== undefined) out.push({ field: fieldId, op: 'gte', value: from });
    if (to !== undefined) out.push({ field: fieldId, op: kind === 'dateRange' && field.type === 'datetime' ? 'lt' : 'lte', value: to });
  }
  if (s.onHold) out.push({ field: 'hold', op: 'isNull', value: false });
  return out;
}
