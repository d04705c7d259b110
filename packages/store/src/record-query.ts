import type { Knex } from 'knex';
import type { ColumnKind } from '@statecraft/schema';
import type { Dialect } from './column-types.ts';
import type { EntityModel } from './entity-model.ts';
import { StoreError } from './store-error.ts';
import { decodeColumn, encodeScalar, valueTypeOfKind } from './value-codec.ts';

/** Filter operators; which apply depends on the column (see FILTER_OPS). */
export type FilterOp = 'eq' | 'ne' | 'in' | 'prefix' | 'contains' | 'gt' | 'gte' | 'lt' | 'lte' | 'isNull';

/**
 * One condition of a list or count. `field` is a field id, an address part (`ship_to.province`),
 * the workflow state field, or a record property: id, version, defVersion, createdAt, updatedAt,
 * createdBy, updatedBy, hold (isNull only), and for line entities parentId and lineNo.
 */
export interface RecordFilter {
  field: string;
  op: FilterOp;
  /** eq/ne/gt…: a value of the field's type; in: an array; isNull: true (default) or false. */
  value?: unknown;
}

export interface RecordSort {
  field: string;
  direction?: 'asc' | 'desc';
}

export interface ListOptions {
  filters?: RecordFilter[];
  /** Sort keys; id is always added last as the tie-breaker. Nulls sort last in both directions. */
  sort?: RecordSort | RecordSort[];
  /** The `next` cursor of the previous page. */
  after?: string | null;
  /** Page size, 1–1000 (default 50). */
  limit?: number;
}

const TEXT_OPS: FilterOp[] = ['eq', 'ne', 'in', 'prefix', 'contains', 'isNull'];
const ORDERED_OPS: FilterOp[] = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'isNull'];
const BOOLEAN_OPS: FilterOp[] = ['eq', 'ne', 'isNull'];

/** Which operators each column kind accepts. */
export const FILTER_OPS: Record<ColumnKind, FilterOp[]> = {
  text: TEXT_OPS,
  longtext: TEXT_OPS,
  integer: ORDERED_OPS,
  bigint: ORDERED_OPS,
  decimal: ORDERED_OPS,
  date: ORDERED_OPS,
  datetime: ORDERED_OPS,
  boolean: BOOLEAN_OPS,
  json: [],
};

/** A column a list may filter or sort on. */
export interface QueryColumn {
  name: string;
  column: string;
  kind: ColumnKind;
  /** `hold` can only be tested for null: it is a JSON document. */
  holdOnly?: boolean;
}

const SYSTEM: Record<string, { column: string; kind: ColumnKind }> = {
  id: { column: 'id', kind: 'bigint' },
  version: { column: '_version', kind: 'bigint' },
  defVersion: { column: '_def_version', kind: 'bigint' },
  createdAt: { column: '_created_at', kind: 'datetime' },
  updatedAt: { column: '_updated_at', kind: 'datetime' },
  createdBy: { column: '_created_by', kind: 'text' },
  updatedBy: { column: '_updated_by', kind: 'text' },
};

/**
 * Finds the column behind a filter or sort name, or fails naming it.
 *
 * @example resolveQueryColumn(orderModel, 'ship_to.province') // → { column: 'ship_to_province', kind: 'text', … }
 */
export function resolveQueryColumn(em: EntityModel, name: string): QueryColumn {
  const system = SYSTEM[name];
  if (system) return { name, ...system };
  if (name === 'hold') return { name, column: '_hold', kind: 'json', holdOnly: true };
  if (em.parent && (name === 'parentId' || name === 'lineNo')) {
    return { name, column: name === 'parentId' ? 'parent_id' : 'line_no', kind: 'bigint' };
  }
  const [fieldId, part, ...rest] = name.split('.');
  const fm = em.fields.get(fieldId!);
  if (!fm || rest.length > 0) {
    const known = [...em.fields.keys()].join(', ');
    throw new StoreError('STORE_UNKNOWN_FIELD', `"${name}" is not a field of entity "${em.id}" that lists can use. Known fields: ${known}; record properties: ${Object.keys(SYSTEM).join(', ')}, hold.`, { entity: em.id, field: name });
  }
  if (fm.type === 'address') {
    const col = fm.columns.find((c) => c.part === part);
    if (!col) {
      throw new StoreError('STORE_UNKNOWN_FIELD', `"${name}": filter or sort on one part of the address, e.g. "${fieldId}.province" (parts: ${fm.columns.map((c) => c.part).join(', ')}).`, { entity: em.id, field: name });
    }
    return { name, column: col.column, kind: col.kind };
  }
  if (part !== undefined) {
    throw new StoreError('STORE_UNKNOWN_FIELD', `"${name}": field "${fieldId}" of "${em.id}" is a ${fm.type} field and has no parts; use "${fieldId}".`, { entity: em.id, field: name });
  }
  const col = fm.columns[0]!;
  return { name, column: col.column, kind: col.kind };
}

function badFilter(message: string, field: string): StoreError {
  return new StoreError('STORE_INVALID_FILTER', message, { field });
}

function encodeFor(col: QueryColumn, value: unknown, dialect: Dialect, what: string): unknown {
  try {
    return encodeScalar(valueTypeOfKind(col.kind), value, what, dialect);
  } catch (err) {
    throw badFilter((err as Error).message, col.name);
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
// GLOB is SQLite's case-sensitive LIKE (PostgreSQL's LIKE is case-sensitive too); it can still use an index for prefixes.
const escapeGlob = (s: string) => s.replace(/[*?[]/g, (c) => `[${c}]`);

/**
 * Adds the filters to a query, checking every field, operator and value.
 *
 * @example applyFilters(knex('e_order'), orderModel, [{ field: 'status', op: 'in', value: ['paid', 'reviewed'] }], 'sqlite')
 */
export function applyFilters(qb: Knex.QueryBuilder, em: EntityModel, filters: readonly RecordFilter[] | undefined, dialect: Dialect): Knex.QueryBuilder {
  if (filters === undefined || filters === null) return qb;
  if (!Array.isArray(filters)) throw badFilter('filters must be an array of { field, op, value }.', 'filters');
  for (const filter of filters) {
    if (!filter || typeof filter.field !== 'string') throw badFilter('Each filter needs a "field" (e.g. "status" or "ship_to.province").', 'filters');
    const col = resolveQueryColumn(em, filter.field);
    const allowed = col.holdOnly ? (['isNull'] as FilterOp[]) : FILTER_OPS[col.kind];
    if (!allowed.includes(filter.op)) {
      const why = allowed.length === 0 ? 'it cannot be filtered' : `use one of ${allowed.join(', ')}`;
      throw badFilter(`Filter on "${filter.field}" uses operator "${String(filter.op)}": ${why}.`, filter.field);
    }
    const c = col.column;
    const what = `filter ${filter.field} ${filter.op}`;
    switch (filter.op) {
      case 'isNull': {
        const v = filter.value ?? true;
        if (typeof v !== 'boolean') throw badFilter(`Filter "${filter.field}" isNull takes true or false.`, filter.field);
        if (v) qb.whereNull(c);
        else qb.whereNotNull(c);
        break;
      }
      case 'eq':
        if (filter.value === null) qb.whereNull(c);
        else qb.where(c, encodeFor(col, filter.value, dialect, what) as Knex.Value);
        break;
      case 'ne':
        // "status is not shipped" includes records with no status: that is what people mean.
        if (filter.value === null) qb.whereNotNull(c);
        else {
          const v = encodeFor(col, filter.value, dialect, what) as Knex.Value;
          qb.where((b) => void b.whereNot(c, v).orWhereNull(c));
        }
        break;
      case 'in': {
        if (!Array.isArray(filter.value) || filter.value.length > 1000) {
          throw badFilter(`Filter "${filter.field}" in takes an array of at most 1000 values.`, filter.field);
        }
        const values = (filter.value as unknown[]).map((v) => encodeFor(col, v, dialect, what) as Knex.Value);
        if (values.length === 0) qb.whereRaw('1 = 0');
        else qb.whereIn(c, values);
        break;
      }
      case 'prefix':
      case 'contains': {
        if (typeof filter.value !== 'string' || filter.value === '') throw badFilter(`Filter "${filter.field}" ${filter.op} takes a non-empty string.`, filter.field);
        const v = filter.value;
        if (dialect === 'sqlite') {
          const pattern = filter.op === 'prefix' ? `${escapeGlob(v)}*` : `*${escapeGlob(v)}*`;
          qb.whereRaw('?? GLOB ?', [c, pattern]);
        } else {
          const pattern = filter.op === 'prefix' ? `${escapeLike(v)}%` : `%${escapeLike(v)}%`;
          qb.whereRaw(`?? LIKE ? ESCAPE '\\'`, [c, pattern]);
        }
        break;
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        if (filter.value === null || filter.value === undefined) throw badFilter(`Filter "${filter.field}" ${filter.op} needs a value.`, filter.field);
        const operator = ({ gt: '>', gte: '>=', lt: '<', lte: '<=' } as const)[filter.op as 'gt' | 'gte' | 'lt' | 'lte'];
        qb.where(c, operator, encodeFor(col, filter.value, dialect, what) as Knex.Value);
        break;
      }
      default:
        throw badFilter(`Filter on "${filter.field}" has unknown operator "${String(filter.op)}": use one of ${allowed.join(', ')}.`, filter.field);
    }
  }
  return qb;
}

/** A resolved sort key. */
interface SortKey extends QueryColumn {
  direction: 'asc' | 'desc';
}

/** Resolves sort keys and appends the id tie-breaker. */
export function resolveSort(em: EntityModel, sort: ListOptions['sort']): SortKey[] {
  const given = sort === undefined || sort === null ? [] : Array.isArray(sort) ? sort : [sort];
  const keys: SortKey[] = [];
  for (const s of given) {
    if (!s || typeof s.field !== 'string') throw new StoreError('STORE_INVALID_ARGUMENT', 'Each sort key needs a "field" and optionally direction "asc" or "desc".', { field: 'sort' });
    const direction = s.direction ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') throw new StoreError('STORE_INVALID_ARGUMENT', `Sort on "${s.field}": direction must be "asc" or "desc".`, { field: 'sort' });
    const col = resolveQueryColumn(em, s.field);
    if (col.kind === 'json') throw new StoreError('STORE_INVALID_ARGUMENT', `Cannot sort on "${s.field}": it holds a list or document, not a single value.`, { field: s.field });
    if (col.column === 'id') {
      keys.push({ ...col, direction });
      return keys; // id is unique: nothing after it can matter
    }
    keys.push({ ...col, direction });
  }
  keys.push({ ...resolveQueryColumn(em, 'id'), direction: keys[0]?.direction ?? 'asc' });
  return keys;
}

/** Orders a query by the keys, nulls last in both directions (the dialects differ by default). */
export function applySort(qb: Knex.QueryBuilder, keys: SortKey[]): Knex.QueryBuilder {
  // Spelled out: knex's nulls option on SQLite drops the column itself from the ORDER BY.
  for (const k of keys) qb.orderByRaw(`?? ${k.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`, [k.column]);
  return qb;
}

const signature = (keys: SortKey[]) => keys.map((k) => `${k.name}:${k.direction}`).join(',');

/**
 * The opaque cursor after a row: its sort values and the sort it belongs to (base64url JSON).
 * Keyset pagination: the next page starts strictly after this row, with no OFFSET to rescan.
 */
export function encodeCursor(keys: SortKey[], row: Record<string, unknown>): string {
  const values = keys.map((k) => decodeColumn(k.kind, row[k.column]));
  return Buffer.from(JSON.stringify({ s: signature(keys), v: values })).toString('base64url');
}

function decodeCursor(keys: SortKey[], cursor: string): unknown[] {
  let parsed: { s?: unknown; v?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new StoreError('STORE_INVALID_CURSOR', 'The page cursor "after" is not one this store issued: pass the "next" value of the previous page unchanged.', { field: 'after' });
  }
  if (!parsed || parsed.s !== signature(keys) || !Array.isArray(parsed.v) || parsed.v.length !== keys.length) {
    throw new StoreError('STORE_INVALID_CURSOR', 'The page cursor "after" belongs to a list with another sort: start again from the first page when the sort changes.', { field: 'after' });
  }
  return parsed.v;
}

/**
 * Restricts a query to rows after the cursor, for sort keys with nulls last: row r comes after
 * cursor c when, for some key i, r equals c on keys before i and r is after c on key i.
 */
export function applyCursor(qb: Knex.QueryBuilder, keys: SortKey[], cursor: string, dialect: Dialect): Knex.QueryBuilder {
  const raw = decodeCursor(keys, cursor);
  const values = raw.map((v, i) => {
    try {
      return encodeScalar(valueTypeOfKind(keys[i]!.kind), v, 'after', dialect) as Knex.Value;
    } catch {
      throw new StoreError('STORE_INVALID_CURSOR', 'The page cursor "after" is damaged: pass the "next" value of the previous page unchanged.', { field: 'after' });
    }
  });
  return qb.where((outer) => {
    keys.forEach((key, i) => {
      const v = values[i];
      if (v === null || v === undefined) return; // nothing sorts after a null: nulls are last
      outer.orWhere((branch) => {
        for (let j = 0; j < i; j++) {
          const prev = values[j];
          if (prev === null || prev === undefined) branch.whereNull(keys[j]!.column);
          else branch.where(keys[j]!.column, prev);
        }
        branch.where((b) => {
          b.where(key.column, key.direction === 'asc' ? '>' : '<', v);
          if (key.column !== 'id') b.orWhereNull(key.column);
        });
      });
    });
  });
}

/** Checks a page size. */
export function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return 50;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
    throw new StoreError('STORE_INVALID_ARGUMENT', `limit must be an integer from 1 to 1000; got ${JSON.stringify(limit)}.`, { field: 'limit' });
  }
  return limit;
}
