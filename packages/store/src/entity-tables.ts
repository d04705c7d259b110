import type { Knex } from 'knex';
import type { ColumnKind } from '@statecraft/schema';
import { addKindColumn, physicalType, shortIdentifier, type Dialect } from './column-types.ts';
import { catalogWrites, readCatalog, type Catalog, type CatalogColumn } from './entity-catalog.ts';
import type { AppModel, EntityModel } from './entity-model.ts';
import { StoreError } from './store-error.ts';

/** One change to the entity tables. Destructive ones keep their data in a renamed column or table. */
export type SchemaChange =
  | { kind: 'create_table'; entity: string; table: string; parentTable: string | null; columns: { column: string; kind: ColumnKind }[] }
  | { kind: 'add_column'; entity: string; table: string; column: string; columnKind: ColumnKind; field: string }
  | { kind: 'add_parent'; entity: string; table: string; parentTable: string }
  | { kind: 'retag_column'; entity: string; table: string; column: string; field: string; from: ColumnKind; to: ColumnKind }
  | { kind: 'drop_column'; entity: string; table: string; column: string; field: string; renameTo: string; destructive: true }
  | { kind: 'change_type'; entity: string; table: string; column: string; field: string; from: ColumnKind; to: ColumnKind; renameTo: string; destructive: true }
  | { kind: 'drop_table'; entity: string; table: string; renameTo: string; destructive: true }
  | { kind: 'create_index'; table: string; index: string; columns: string[]; unique: boolean }
  | { kind: 'drop_index'; table: string; index: string };

/** What applying a definition does (or would do) to the database. */
export interface SchemaPlan {
  changes: SchemaChange[];
  /** The changes that drop or retype data: refused unless `allowDestructive`. */
  destructive: SchemaChange[];
}

/** Options of applyDefinition. */
export interface ApplyDefinitionOptions {
  /** The published version being applied: stamps renamed columns (`_dropped_<field>_v<version>`). */
  defVersion: number;
  /** Allow dropping fields and changing their type (the old column is renamed, never dropped). */
  allowDestructive?: boolean;
}

function droppedName(taken: Set<string>, base: string): string {
  let name = shortIdentifier(base);
  for (let n = 2; taken.has(name); n++) name = shortIdentifier(`${base}_${n}`);
  taken.add(name);
  return name;
}

/**
 * Compares the definition's tables with the catalog of live tables and lists the changes.
 * Pure: it reads nothing but its arguments.
 *
 * @example planSchema(buildAppModel(def), await readCatalog(trx), 'sqlite', 3).changes
 *   // → [{ kind: 'add_column', table: 'e_order', column: 'gift', … }]
 */
export function planSchema(model: AppModel, catalog: Catalog, dialect: Dialect, defVersion: number): SchemaPlan {
  const changes: SchemaChange[] = [];
  const dropIndexes: SchemaChange[] = [];
  const createIndexes: SchemaChange[] = [];
  const renamedTables = new Set([...catalog.tables.values()].map((t) => t.table));
  /** Columns renamed or retyped: indexes over them are rebuilt. */
  const moved = new Set<string>();

  for (const entityId of model.order) {
    const em = model.entities.get(entityId)!;
    const live = catalog.tables.get(em.table);
    if (!live || live.status !== 'active') {
      changes.push({
        kind: 'create_table',
        entity: em.id,
        table: em.table,
        parentTable: em.parent?.table ?? null,
        columns: em.columns.filter((c) => c.role !== 'parent').map((c) => ({ column: c.column, kind: c.kind })),
      });
      continue;
    }
    const taken = new Set(live.columns.keys());
    const wanted = new Map(em.columns.map((c) => [c.column, c]));
    if (em.parent && !live.columns.has('parent_id')) {
      changes.push({ kind: 'add_parent', entity: em.id, table: em.table, parentTable: em.parent.table });
    }
    for (const col of live.columns.values()) {
      if (col.role === 'dropped') continue;
      const want = wanted.get(col.column);
      if (!want) {
        const renameTo = droppedName(taken, `_dropped_${col.column}_v${defVersion}`);
        changes.push({ kind: 'drop_column', entity: em.id, table: em.table, column: col.column, field: col.field ?? col.column, renameTo, destructive: true });
        moved.add(`${em.table}.${col.column}`);
      } else if (physicalType(want.kind, dialect) !== physicalType(col.kind, dialect)) {
        const renameTo = droppedName(taken, `_dropped_${col.column}_v${defVersion}`);
        changes.push({ kind: 'change_type', entity: em.id, table: em.table, column: col.column, field: want.field, from: col.kind, to: want.kind, renameTo, destructive: true });
        moved.add(`${em.table}.${col.column}`);
      } else if (want.kind !== col.kind || want.role !== col.role) {
        changes.push({ kind: 'retag_column', entity: em.id, table: em.table, column: col.column, field: want.field, from: col.kind, to: want.kind });
      }
    }
    for (const col of em.columns) {
      if (col.role === 'parent') continue; // added with add_parent
      if (!live.columns.has(col.column) || live.columns.get(col.column)?.role === 'dropped') {
        changes.push({ kind: 'add_column', entity: em.id, table: em.table, column: col.column, columnKind: col.kind, field: col.field });
      }
    }
  }

  for (const live of catalog.tables.values()) {
    if (live.status !== 'active') continue;
    if ([...model.entities.values()].some((em) => em.table === live.table)) continue;
    const renameTo = droppedName(renamedTables, `_dropped_${live.table}_v${defVersion}`);
    changes.push({ kind: 'drop_table', entity: live.entity, table: live.table, renameTo, destructive: true });
    for (const index of catalog.indexes.values()) {
      if (index.table === live.table) dropIndexes.push({ kind: 'drop_index', table: live.table, index: index.name });
    }
  }

  const wantedIndexes = new Map<string, { table: string; columns: string[]; unique: boolean }>();
  for (const em of model.entities.values()) {
    for (const ix of em.indexes) wantedIndexes.set(ix.name, { table: em.table, columns: ix.columns, unique: ix.unique });
  }
  for (const index of catalog.indexes.values()) {
    if (dropIndexes.some((c) => c.kind === 'drop_index' && c.index === index.name)) continue;
    const want = wantedIndexes.get(index.name);
    const touched = index.columns.some((c) => moved.has(`${index.table}.${c}`));
    const same = want && want.table === index.table && want.unique === index.unique && want.columns.join() === index.columns.join();
    if (!same || touched) dropIndexes.push({ kind: 'drop_index', table: index.table, index: index.name });
  }
  for (const [name, want] of wantedIndexes) {
    const live = catalog.indexes.get(name);
    const kept = live && !dropIndexes.some((c) => c.kind === 'drop_index' && c.index === name);
    if (!kept) createIndexes.push({ kind: 'create_index', table: want.table, index: name, columns: want.columns, unique: want.unique });
  }

  const all = [...dropIndexes, ...changes, ...createIndexes];
  return { changes: all, destructive: all.filter((c) => 'destructive' in c) };
}

/** The error for destructive changes without consent: lists what would go and how to proceed. */
export function destructiveChangeError(plan: SchemaPlan): StoreError {
  const what = plan.destructive.map((c) => {
    switch (c.kind) {
      case 'drop_column':
        return `${c.entity}.${c.field} (column ${c.column}) is no longer in the definition`;
      case 'change_type':
        return `${c.entity}.${c.field} (column ${c.column}) changes type from ${c.from} to ${c.to}`;
      case 'drop_table':
        return `entity ${c.entity} (table ${c.table}) is no longer in the definition`;
      default:
        return c.kind;
    }
  });
  return new StoreError(
    'STORE_DESTRUCTIVE_CHANGE',
    `Publishing this definition would drop or retype stored data: ${what.join('; ')}. ` +
      'Restore the fields in the definition, or publish with allowDestructive: the old columns are then kept, renamed to _dropped_<column>_v<version>, and the new ones start empty.',
    { changes: plan.destructive },
  );
}

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

async function createEntityTable(trx: Knex.Transaction, dialect: Dialect, em: EntityModel): Promise<void> {
  await trx.schema.createTable(em.table, (t) => {
    t.bigIncrements('id');
    t.integer('_version').notNullable();
    t.integer('_def_version').notNullable();
    addKindColumn(t, '_created_at', 'datetime', dialect).notNullable();
    addKindColumn(t, '_updated_at', 'datetime', dialect).notNullable();
    t.text('_created_by');
    t.text('_updated_by');
    t.text('_hold');
    if (em.parent) {
      // Lines live and die with their parent.
      t.bigInteger('parent_id').notNullable().references('id').inTable(em.parent.table).onDelete('CASCADE');
      t.integer('line_no').notNullable();
    }
    for (const col of em.columns) {
      if (col.role !== 'parent') addKindColumn(t, col.column, col.kind, dialect);
    }
  });
}

async function addParent(trx: Knex.Transaction, dialect: Dialect, table: string, parentTable: string): Promise<void> {
  if (dialect === 'sqlite') {
    // knex would rebuild the whole table to add a foreign key; SQLite can add a nullable one in place.
    await trx.raw(`ALTER TABLE ${q(table)} ADD COLUMN parent_id bigint REFERENCES ${q(parentTable)}(id) ON DELETE CASCADE`);
    await trx.raw(`ALTER TABLE ${q(table)} ADD COLUMN line_no integer`);
    return;
  }
  await trx.schema.alterTable(table, (t) => {
    t.bigInteger('parent_id').references('id').inTable(parentTable).onDelete('CASCADE');
    t.integer('line_no');
  });
}

/**
 * Carries out a plan inside the caller's transaction and records the new layout in the catalog.
 * Destructive changes must have been allowed by the caller (applyDefinition checks).
 */
export async function applySchemaPlan(trx: Knex.Transaction, dialect: Dialect, model: AppModel, plan: SchemaPlan, defVersion: number): Promise<void> {
  for (const change of plan.changes) {
    switch (change.kind) {
      case 'drop_index':
        await trx.raw(`DROP INDEX IF EXISTS ${q(change.index)}`);
        await catalogWrites.dropIndex(trx, change.index);
        break;
      case 'drop_table':
        await trx.raw(`ALTER TABLE ${q(change.table)} RENAME TO ${q(change.renameTo)}`);
        if (dialect === 'postgres') {
          // The primary key index and the id sequence keep the old table's names; free them so
          // the entity can come back later under its old table name.
          await trx.raw(`ALTER INDEX IF EXISTS ${q(`${change.table}_pkey`)} RENAME TO ${q(shortIdentifier(`${change.renameTo}_pkey`))}`);
          await trx.raw(`ALTER SEQUENCE IF EXISTS ${q(`${change.table}_id_seq`)} RENAME TO ${q(shortIdentifier(`${change.renameTo}_id_seq`))}`);
        }
        await catalogWrites.renameTable(trx, change.table, change.renameTo, defVersion);
        break;
      case 'drop_column':
      case 'change_type':
        await trx.raw(`ALTER TABLE ${q(change.table)} RENAME COLUMN ${q(change.column)} TO ${q(change.renameTo)}`);
        await catalogWrites.renameColumn(trx, change.table, change.column, change.renameTo, defVersion);
        if (change.kind === 'change_type') {
          await trx.schema.alterTable(change.table, (t) => void addKindColumn(t, change.column, change.to, dialect));
          await catalogWrites.upsertColumn(trx, change.table, columnOf(model, change.entity, change.column), defVersion);
        }
        break;
      case 'create_table': {
        const em = model.entities.get(change.entity)!;
        await createEntityTable(trx, dialect, em);
        await catalogWrites.upsertTable(trx, { table: em.table, entity: em.id, parentTable: em.parent?.table ?? null, status: 'active', defVersion });
        for (const col of em.columns) await catalogWrites.upsertColumn(trx, em.table, columnOf(model, em.id, col.column), defVersion);
        break;
      }
      case 'add_parent':
        await addParent(trx, dialect, change.table, change.parentTable);
        await catalogWrites.upsertTable(trx, { table: change.table, entity: change.entity, parentTable: change.parentTable, status: 'active', defVersion });
        await catalogWrites.upsertColumn(trx, change.table, columnOf(model, change.entity, 'parent_id'), defVersion);
        await catalogWrites.upsertColumn(trx, change.table, columnOf(model, change.entity, 'line_no'), defVersion);
        break;
      case 'add_column':
        await trx.schema.alterTable(change.table, (t) => void addKindColumn(t, change.column, change.columnKind, dialect));
        await catalogWrites.upsertColumn(trx, change.table, columnOf(model, change.entity, change.column), defVersion);
        break;
      case 'retag_column':
        await catalogWrites.upsertColumn(trx, change.table, columnOf(model, change.entity, change.column), defVersion);
        break;
      case 'create_index':
        await createIndex(trx, change);
        await catalogWrites.addIndex(trx, { name: change.index, table: change.table, columns: change.columns, unique: change.unique });
        break;
    }
  }
}

function columnOf(model: AppModel, entity: string, column: string): CatalogColumn {
  const col = model.entities.get(entity)!.columns.find((c) => c.column === column)!;
  return { column: col.column, kind: col.kind, role: col.role, field: col.field };
}

async function createIndex(trx: Knex.Transaction, change: Extract<SchemaChange, { kind: 'create_index' }>): Promise<void> {
  const sql = `CREATE ${change.unique ? 'UNIQUE ' : ''}INDEX ${q(change.index)} ON ${q(change.table)} (${change.columns.map(q).join(', ')})`;
  if (!change.unique) {
    await trx.raw(sql);
    return;
  }
  // A failed statement aborts a PostgreSQL transaction, so try inside a savepoint to explain it.
  try {
    await trx.transaction(async (sp) => void (await sp.raw(sql)));
  } catch (err) {
    throw new StoreError(
      'STORE_DUPLICATE',
      `Cannot make ${change.columns.join(', ')} of ${change.table} unique: stored records already share values there. Fix those records, or publish without "unique" on that field or index.`,
      { table: change.table, columns: change.columns },
      { cause: err },
    );
  }
}

/** Plans and applies in one go (see Store.applyDefinition). */
export async function applyEntityTables(trx: Knex.Transaction, dialect: Dialect, model: AppModel, options: ApplyDefinitionOptions): Promise<SchemaPlan> {
  validateOptions(options);
  const plan = planSchema(model, await readCatalog(trx), dialect, options.defVersion);
  if (plan.destructive.length > 0 && !options.allowDestructive) throw destructiveChangeError(plan);
  await applySchemaPlan(trx, dialect, model, plan, options.defVersion);
  return plan;
}

export function validateOptions(options: ApplyDefinitionOptions): void {
  if (!options || !Number.isSafeInteger(options.defVersion) || options.defVersion < 1) {
    throw new StoreError('STORE_INVALID_ARGUMENT', `applyDefinition needs options.defVersion, the published version number (an integer ≥ 1); got ${JSON.stringify(options?.defVersion)}.`, { field: 'defVersion' });
  }
}
