import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ColumnKind } from '@statecraft/schema';

/** The two databases the store runs on, with the same code and the same tests. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * The database type a column kind becomes. Kinds that share a physical type (text and longtext,
 * integer and bigint) can be swapped in a definition without touching the table.
 */
export function physicalType(kind: ColumnKind, dialect: Dialect): string {
  switch (kind) {
    case 'text':
    case 'longtext':
      return 'text';
    case 'integer':
    case 'bigint':
      return 'bigint';
    case 'decimal':
      return 'numeric(20,8)';
    case 'boolean':
      return 'boolean';
    case 'date':
      return dialect === 'postgres' ? 'date' : 'text';
    case 'datetime':
      return dialect === 'postgres' ? 'timestamptz' : 'text';
    case 'json':
      return dialect === 'postgres' ? 'jsonb' : 'text';
  }
}

/**
 * Adds a column of the given kind to a knex table builder. SQLite gets plain `text` for dates,
 * instants and JSON on purpose: its type names `datetime`/`json` would give the column NUMERIC
 * affinity and silently turn strings that look like numbers into numbers.
 */
export function addKindColumn(table: Knex.CreateTableBuilder | Knex.AlterTableBuilder, name: string, kind: ColumnKind, dialect: Dialect): Knex.ColumnBuilder {
  switch (kind) {
    case 'text':
    case 'longtext':
      return table.text(name);
    case 'integer':
    case 'bigint':
      return table.bigInteger(name);
    case 'decimal':
      return table.decimal(name, 20, 8);
    case 'boolean':
      return table.boolean(name);
    case 'date':
      return dialect === 'postgres' ? table.date(name) : table.text(name);
    case 'datetime':
      return dialect === 'postgres' ? table.timestamp(name, { useTz: true }) : table.text(name);
    case 'json':
      return dialect === 'postgres' ? table.jsonb(name) : table.text(name);
  }
}

/** PostgreSQL silently truncates identifiers beyond 63 bytes; both dialects get the same limit. */
export const MAX_IDENTIFIER = 63;

/**
 * A database identifier of at most 63 bytes: long names keep a readable head and get a short
 * hash of the full name, so two long names never collapse into one.
 *
 * @example shortIdentifier('ix_e_order_' + 'x'.repeat(80)) // → 'ix_e_order_xxx…_3f2a9c1b'
 */
export function shortIdentifier(name: string): string {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_IDENTIFIER - 9)}_${hash}`;
}
