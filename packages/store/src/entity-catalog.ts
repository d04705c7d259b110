import type { Knex } from 'knex';
import type { ColumnKind } from '@statecraft/schema';
import { decodeJson, encodeJson } from './json-column.ts';

/** What the catalog knows about one column of an entity table. */
export interface CatalogColumn {
  column: string;
  kind: ColumnKind;
  role: 'field' | 'state' | 'parent' | 'dropped';
  field: string | null;
}

/** What the catalog knows about one entity table. */
export interface CatalogTable {
  table: string;
  entity: string;
  parentTable: string | null;
  status: 'active' | 'dropped';
  columns: Map<string, CatalogColumn>;
}

/** What the catalog knows about one index of an entity table. */
export interface CatalogIndex {
  name: string;
  table: string;
  columns: string[];
  unique: boolean;
}

/** The live layout of the entity tables, as the store last left it. */
export interface Catalog {
  tables: Map<string, CatalogTable>;
  indexes: Map<string, CatalogIndex>;
}

/**
 * Reads the catalog (`sc_entity_table`, `sc_entity_column`, `sc_entity_index`).
 *
 * @example const catalog = await readCatalog(trx); catalog.tables.get('e_order')?.columns.has('status')
 */
export async function readCatalog(db: Knex | Knex.Transaction): Promise<Catalog> {
  const tables = new Map<string, CatalogTable>();
  for (const row of await db('sc_entity_table').select('*')) {
    tables.set(row.table_name, { table: row.table_name, entity: row.entity, parentTable: row.parent_table ?? null, status: row.status, columns: new Map() });
  }
  for (const row of await db('sc_entity_column').select('*')) {
    tables.get(row.table_name)?.columns.set(row.column_name, { column: row.column_name, kind: row.kind, role: row.role, field: row.field_id ?? null });
  }
  const indexes = new Map<string, CatalogIndex>();
  for (const row of await db('sc_entity_index').select('*')) {
    indexes.set(row.index_name, { name: row.index_name, table: row.table_name, columns: decodeJson(row.columns) as string[], unique: Boolean(row.is_unique) });
  }
  return { tables, indexes };
}

/** Catalog writes, kept next to the reads so the row shapes stay in one place. */
export const catalogWrites = {
  async upsertTable(db: Knex.Transaction, t: { table: string; entity: string; parentTable: string | null; status: 'active' | 'dropped'; defVersion: number }): Promise<void> {
    await db('sc_entity_table')
      .insert({ table_name: t.table, entity: t.entity, parent_table: t.parentTable, status: t.status, def_version: t.defVersion })
      .onConflict('table_name')
      .merge();
  },
  async renameTable(db: Knex.Transaction, from: string, to: string, defVersion: number): Promise<void> {
    await db('sc_entity_table').where({ table_name: from }).update({ table_name: to, status: 'dropped', def_version: defVersion });
    await db('sc_entity_column').where({ table_name: from }).update({ table_name: to });
  },
  async upsertColumn(db: Knex.Transaction, table: string, c: CatalogColumn, defVersion: number): Promise<void> {
    await db('sc_entity_column')
      .insert({ table_name: table, column_name: c.column, kind: c.kind, role: c.role, field_id: c.field, def_version: defVersion })
      .onConflict(['table_name', 'column_name'])
      .merge();
  },
  async renameColumn(db: Knex.Transaction, table: string, from: string, to: string, defVersion: number): Promise<void> {
    await db('sc_entity_column').where({ table_name: table, column_name: from }).update({ column_name: to, role: 'dropped', def_version: defVersion });
  },
  async addIndex(db: Knex.Transaction, index: CatalogIndex): Promise<void> {
    await db('sc_entity_index').insert({ index_name: index.name, table_name: index.table, columns: encodeJson(index.columns), is_unique: index.unique });
  },
  async dropIndex(db: Knex.Transaction, name: string): Promise<void> {
    await db('sc_entity_index').where({ index_name: name }).delete();
  },
};
