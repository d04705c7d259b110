import { ADDRESS_PARTS, type ColumnKind } from '@statecraft/schema';
import type { Dialect } from './column-types.ts';
import type { FieldModel } from './entity-model.ts';
import { decodeJson } from './json-column.ts';
import { StoreError } from './store-error.ts';

/** Turns one field's value into its column values and back. */
export interface FieldCodec {
  id: string;
  columns: string[];
  /** Validates and converts a value (null/undefined → all columns null). `path` names it in errors. */
  encode(value: unknown, path: string): unknown[];
  /** A one-column field's `encode` without the array around its value (bulk inserts run it for every field of every row). */
  encodeOne?: (value: unknown, path: string) => unknown;
  /** Reads the value back from a row keyed by column name. */
  decode(row: Record<string, unknown>): unknown;
}

/** The value type a field exchanges; computed fields exchange their result type. */
type ValueType = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'string[]' | 'address';

function valueTypeOf(fm: FieldModel): ValueType {
  const t = fm.field?.type === 'computed' ? fm.field.resultType : fm.type;
  switch (t) {
    case 'integer':
    case 'money':
    case 'reference':
      return 'integer';
    case 'decimal':
      return 'decimal';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'multienum':
      return 'string[]';
    case 'address':
      return 'address';
    default:
      return 'string';
  }
}

function invalid(path: string, expected: string, value: unknown): StoreError {
  const shown = JSON.stringify(value);
  return new StoreError('STORE_INVALID_VALUE', `${path} must be ${expected}; got ${shown === undefined ? String(value) : shown.slice(0, 80)}.`, { field: path });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ZONED = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/** `YYYY-MM-DD` that names a real day, or an error naming the field. */
export function normaliseDate(value: unknown, path: string): string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.toISOString().slice(0, 10) === value) return value as string;
  }
  throw invalid(path, 'a date written YYYY-MM-DD (e.g. 2024-11-11)', value);
}

// The last instant normalised (see normaliseInstant); only valid instants are remembered.
let lastInstant: { value: string; normalised: string } | null = null;

/**
 * An ISO 8601 instant with a time zone, returned in UTC (`…Z`). A zone is required because a
 * bare local time means different instants on different servers.
 *
 * @example normaliseInstant('2024-11-11T08:00:00+08:00', 'paid_at') // → '2024-11-11T00:00:00.000Z'
 */
export function normaliseInstant(value: unknown, path: string): string {
  // One command writes its `now` four or five times (record, audit row, outbox row…): the last
  // instant normalised is remembered.
  if (lastInstant !== null && value === lastInstant.value) return lastInstant.normalised;
  if (typeof value === 'string' && ZONED.test(value) && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) {
      lastInstant = { value, normalised: d.toISOString() };
      return lastInstant.normalised;
    }
  }
  throw invalid(path, 'an ISO 8601 instant with a time zone (e.g. 2024-11-11T08:00:00+08:00 or …Z)', value);
}

/** Encodes a scalar of the given value type for the dialect; null passes through. */
export function encodeScalar(type: Exclude<ValueType, 'address'>, value: unknown, path: string, dialect: Dialect): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw invalid(path, 'a string', value);
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(path, 'an integer (money in fen: 12.34 元 is 1234)', value);
      return value;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(path, 'a finite number', value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(path, 'true or false', value);
      return dialect === 'sqlite' ? (value ? 1 : 0) : value;
    case 'date':
      return normaliseDate(value, path);
    case 'datetime':
      return normaliseInstant(value, path);
    case 'string[]':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalid(path, 'an array of strings', value);
      return JSON.stringify(value);
  }
}

/** Reads a column of the given kind back into its exchanged form. */
export function decodeColumn(kind: ColumnKind, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  switch (kind) {
    case 'integer':
    case 'bigint':
    case 'decimal':
      return Number(raw);
    case 'boolean':
      return Boolean(raw);
    case 'json':
      return decodeJson(raw);
    case 'datetime':
      return typeof raw === 'string' ? raw : new Date(raw as string).toISOString();
    default:
      return raw;
  }
}

/** The value type of a column kind, for filters and system columns. */
export function valueTypeOfKind(kind: ColumnKind): Exclude<ValueType, 'address'> {
  switch (kind) {
    case 'integer':
    case 'bigint':
      return 'integer';
    case 'decimal':
      return 'decimal';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'json':
      return 'string[]';
    default:
      return 'string';
  }
}

/**
 * The codec of one stored field.
 *
 * @example fieldCodec(model.fields.get('ship_to')!, 'sqlite').encode({ province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 1 号' }, 'order.ship_to')
 *   // → ['浙江省', '杭州市', '西湖区', '文三路 1 号', null, null]
 */
export function fieldCodec(fm: FieldModel, dialect: Dialect): FieldCodec {
  const type = valueTypeOf(fm);
  const columns = fm.columns.map((c) => c.column);
  if (type === 'address') {
    const parts = fm.columns.map((c) => c.part!);
    const required = ['province', 'city', 'district', 'detail'];
    return {
      id: fm.id,
      columns,
      encode(value, path) {
        if (value === null || value === undefined) return parts.map(() => null);
        if (typeof value !== 'object' || Array.isArray(value)) throw invalid(path, 'an address object {province, city, district, detail, zip?, hash?}', value);
        const obj = value as Record<string, unknown>;
        for (const key of Object.keys(obj)) {
          if (!(ADDRESS_PARTS as readonly string[]).includes(key)) {
            throw new StoreError('STORE_UNKNOWN_FIELD', `${path}.${key} is not an address part: use ${ADDRESS_PARTS.join(', ')}.`, { field: `${path}.${key}` });
          }
        }
        return parts.map((part) => {
          const v = obj[part];
          if (v === undefined || v === null) {
            if (required.includes(part)) throw invalid(`${path}.${part}`, 'a string (province, city, district and detail are required in an address)', v);
            return null;
          }
          if (typeof v !== 'string') throw invalid(`${path}.${part}`, 'a string', v);
          return v;
        });
      },
      decode(row) {
        const out: Record<string, string> = {};
        let any = false;
        fm.columns.forEach((c) => {
          const v = row[c.column];
          if (v !== null && v !== undefined) {
            out[c.part!] = v as string;
            any = true;
          }
        });
        return any ? out : null;
      },
    };
  }
  const column = fm.columns[0]!;
  return {
    id: fm.id,
    columns,
    encode: (value, path) => [encodeScalar(type, value, path, dialect)],
    encodeOne: (value, path) => encodeScalar(type, value, path, dialect),
    decode: (row) => decodeColumn(column.kind, row[column.column]),
  };
}
