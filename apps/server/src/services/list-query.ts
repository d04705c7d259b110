import type { Entity, Field } from '@statecraft/schema';
import { AppError } from '../app-error.ts';

export type FilterOp = 'eq' | 'ne' | 'in' | 'prefix' | 'contains' | 'gt' | 'gte' | 'lt' | 'lte' | 'isNull';
const OPS: readonly FilterOp[] = ['eq', 'ne', 'in', 'prefix', 'contains', 'gt', 'gte', 'lt', 'lte', 'isNull'];

export interface ParsedFilter {
  field: string;
  op: FilterOp;
  value?: unknown;
}
export interface ParsedSort {
  field: string;
  direction: 'asc' | 'desc';
}

/** Record properties a list can filter and sort on, besides fields (see the store's RecordFilter). */
const NUMERIC_PROPS = new Set(['id', 'version', 'defVersion', 'parentId', 'lineNo']);
const TEXT_PROPS = new Set(['createdAt', 'updatedAt', 'createdBy', 'updatedBy']);

/** Max page size through HTTP (the store allows more; a page of 200 orders is already large). */
export const MAX_LIMIT = 200;

function badFilter(message: string, hint: string): AppError {
  return new AppError('LIST_BAD_FILTER', 400, message, { hint });
}

/** Query strings carry text: convert a value to what the store expects for the field's type. */
function convert(field: Field | undefined, name: string, raw: string): unknown {
  if (NUMERIC_PROPS.has(name)) return toNumber(raw, name, true);
  if (!field) return raw;
  switch (field.type) {
    case 'integer':
    case 'money':
    case 'reference':
      return toNumber(raw, name, true);
    case 'decimal':
      return toNumber(raw, name, false);
    case 'boolean':
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      throw badFilter(`filter on "${name}": "${raw}" is not a boolean.`, 'Use true or false.');
    case 'computed':
      if (['integer', 'money'].includes(field.resultType)) return toNumber(raw, name, true);
      if (field.resultType === 'decimal') return toNumber(raw, name, false);
      if (field.resultType === 'boolean') return raw === 'true' || raw === '1';
      return raw;
    default:
      return raw;
  }
}

function toNumber(raw: string, name: string, integer: boolean): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw badFilter(`filter on "${name}": "${raw}" is not ${integer ? 'an integer' : 'a number'}.`, 'Money is in fen (12.34 元 = 1234).');
  }
  return n;
}

function fieldOf(entity: Entity, name: string, stateField: string | undefined): Field | undefined {
  const id = name.split('.')[0]!;
  if (id === stateField) return undefined;
  return entity.fields.find((f) => f.id === id);
}

/**
 * Reads list filters from the query string, in the bracket form:
 *
 *   filter[status]=paid                      (eq)
 *   filter[paid_amount][gte]=100000          (money in fen)
 *   filter[status][in]=paid,pending_review   (comma-separated)
 *   filter[ship_to.province][eq]=浙江省       (address parts)
 *   filter[receiver_phone][isNull]=true
 *
 * Unknown fields and operators that do not fit a field are refused by the store with
 * STORE_UNKNOWN_FIELD / STORE_INVALID_FILTER.
 */
export function parseFilters(query: Record<string, unknown>, entity: Entity, stateField?: string): ParsedFilter[] {
  const filters: ParsedFilter[] = [];
  for (const [key, rawValue] of Object.entries(query)) {
    if (!key.startsWith('filter')) continue;
    const m = /^filter\[([^\]]+)\](?:\[([A-Za-z]+)\])?$/.exec(key);
    if (!m) {
      throw badFilter(`"${key}" is not a filter parameter.`, 'Write filter[<field>]=<value> or filter[<field>][<op>]=<value>, e.g. filter[paid_amount][gte]=100000.');
    }
    const name = m[1]!;
    const op = (m[2] ?? 'eq') as FilterOp;
    if (!OPS.includes(op)) {
      throw badFilter(`"${op}" is not a filter operator.`, `Use one of: ${OPS.join(', ')}.`);
    }
    const values = Array.isArray(rawValue) ? rawValue.map(String) : [String(rawValue)];
    for (const raw of values) {
      if (name === 'hold' && op !== 'isNull') throw badFilter('hold can only be filtered with isNull.', 'filter[hold][isNull]=false lists the records on hold.');
      const field = fieldOf(entity, name, stateField);
      if (op === 'isNull') {
        filters.push({ field: name, op, value: !(raw === 'false' || raw === '0') });
      } else if (op === 'in') {
        filters.push({ field: name, op, value: raw === '' ? [] : raw.split(',').map((v) => convert(field, name, v)) });
      } else {
        if (!TEXT_PROPS.has(name) && field?.type === 'multienum') {
          throw badFilter(`"${name}" is a multi-choice field; lists cannot filter on it yet.`, 'Filter on another field.');
        }
        filters.push({ field: name, op, value: convert(field, name, raw) });
      }
    }
  }
  return filters;
}

/** `sort=-paid_amount,order_no` → paid_amount desc, then order_no asc (id is always the tie-breaker). */
export function parseSort(sort: string | undefined): ParsedSort[] | undefined {
  if (!sort) return undefined;
  return sort.split(',').map((part) => {
    const trimmed = part.trim();
    if (!/^-?[A-Za-z][A-Za-z0-9_.]*$/.test(trimmed)) {
      throw new AppError('LIST_BAD_SORT', 400, `"${part}" is not a sort key.`, {
        hint: 'Write sort=<field> or sort=-<field> for descending, comma-separated, e.g. sort=-paid_amount,order_no.',
      });
    }
    return trimmed.startsWith('-') ? { field: trimmed.slice(1), direction: 'desc' as const } : { field: trimmed, direction: 'asc' as const };
  });
}
