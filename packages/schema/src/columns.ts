import type { Field } from './generated/app-definition.ts';

/** The portable column kinds the store maps to SQLite and PostgreSQL types. */
export type ColumnKind = 'text' | 'longtext' | 'integer' | 'bigint' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'json';

/** One database column that holds (part of) a field's value. */
export interface FieldColumn {
  column: string;
  kind: ColumnKind;
  /** For fields stored in several columns (address): which part of the value this column holds. */
  part?: string;
}

/** The parts of an address value, each stored in a column `<field>_<part>`. */
export const ADDRESS_PARTS = ['province', 'city', 'district', 'detail', 'zip', 'hash'] as const;

const kindOfResult: Record<string, ColumnKind> = {
  text: 'text',
  integer: 'bigint',
  decimal: 'decimal',
  money: 'bigint',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
};

/** True when the field has columns of its own in the entity's table (lines live in a child table). */
export function isStoredField(field: Field): boolean {
  return field.type !== 'lines';
}

/**
 * The columns a field is stored in. Scalars get one column named after the field; an address
 * gets one per part so BI tools can group by province or city; lines get none (their records
 * live in the line entity's table, with a `parent_id`).
 *
 * @example fieldColumns({ id: 'ship_to', type: 'address', label: { 'zh-CN': '收货地址' } })
 *   // → ship_to_province, ship_to_city, ship_to_district, ship_to_detail, ship_to_zip, ship_to_hash
 */
export function fieldColumns(field: Field): FieldColumn[] {
  switch (field.type) {
    case 'text':
    case 'phone':
    case 'email':
    case 'enum':
      return [{ column: field.id, kind: 'text' }];
    case 'longtext':
      return [{ column: field.id, kind: 'longtext' }];
    case 'integer':
      return [{ column: field.id, kind: 'bigint' }];
    case 'money':
      return [{ column: field.id, kind: 'bigint' }];
    case 'decimal':
      return [{ column: field.id, kind: 'decimal' }];
    case 'boolean':
      return [{ column: field.id, kind: 'boolean' }];
    case 'date':
      return [{ column: field.id, kind: 'date' }];
    case 'datetime':
      return [{ column: field.id, kind: 'datetime' }];
    case 'multienum':
      return [{ column: field.id, kind: 'json' }];
    case 'reference':
      return [{ column: field.id, kind: 'bigint' }];
    case 'address':
      return ADDRESS_PARTS.map((part) => ({ column: `${field.id}_${part}`, kind: 'text' as const, part }));
    case 'computed':
      return [{ column: field.id, kind: kindOfResult[field.resultType] ?? 'text' }];
    case 'lines':
      return [];
  }
}
