import type { Knex } from 'knex';
import type { ActiveModel } from './active-model.ts';
import type { EntityModel } from './entity-model.ts';
import type { RecordData, WriteMeta } from './record-envelope.ts';
import { insertChunked, lineItems } from './record-lines.ts';
import { SYSTEM_COLUMNS, type EntityCodec } from './record-codec.ts';
import { insertRowsSqlite, queryRows } from './sql-statement.ts';

const SYSTEM_INSERT = SYSTEM_COLUMNS;
const q = (id: string) => `"${id}"`;

/** Rows of one batch, validated and encoded before anything is written. */
interface EncodedBatch {
  /** Per record: its id (null until reserved), the system columns, its data columns. */
  parents: unknown[][];
  /** Per lines field: its table, columns, and per line the index of its parent in `parents`. */
  lines: { table: string; columns: string[]; rows: { parent: number; values: unknown[] }[] }[];
}

/** Where parent_id sits in a line's values (after the system columns). */
const PARENT_SLOT = SYSTEM_INSERT.length;

function encodeBatch(active: ActiveModel, em: EntityModel, codec: EntityCodec, rows: RecordData[], meta: WriteMeta): EncodedBatch {
  const system = [1, meta.defVersion, meta.now, meta.now, meta.actor, meta.actor, null];
  const lines = em.lines.map((l) => {
    const { model, codec: lineCodec } = active.entity(l.entity);
    return { field: l.field, table: model.table, codec: lineCodec, columns: [...SYSTEM_INSERT, 'parent_id', 'line_no', ...lineCodec.dataColumns], rows: [] as { parent: number; values: unknown[] }[] };
  });
  const parents = rows.map((data, index) => {
    const path = `rows[${index}]`;
    codec.checkKeys(data, path);
    const values = codec.encodeRow(data, path, [null, ...system]);
    for (const l of lines) {
      const items = lineItems(data[l.field], `${path}.${l.field}`);
      for (let i = 0; i < items.length; i++) {
        const itemPath = `${path}.${l.field}[${i}]`;
        l.codec.checkKeys(items[i]!, itemPath, true);
        // parent_id (null here) is filled once the parent has its id.
        l.rows.push({ parent: index, values: l.codec.encodeRow(items[i]!, itemPath, [...system, null, i + 1]) });
      }
    }
    return values;
  });
  return { parents, lines };
}

/**
 * Inserts rows naming only the columns some row has a value in: the others are null in every row
 * (data columns have no DEFAULT), and binding and storing thirty nulls a row is most of the
 * difference between a wide entity's insert and a narrow one's.
 */
async function insertPresent(trx: Knex.Transaction, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const keep: number[] = [];
  for (let c = 0; c < columns.length; c++) {
    for (let r = 0; r < rows.length; r++) {
      if (rows[r]![c] !== null) {
        keep.push(c);
        break;
      }
    }
  }
  const values = keep.length === columns.length ? rows : rows.map((row) => keep.map((c) => row[c]));
  await insertRowsSqlite(trx, `INSERT INTO ${q(table)} (${keep.map((c) => q(columns[c]!)).join(', ')}) VALUES `, values);
}

/**
 * SQLite: the ids are reserved first, as on PostgreSQL: the transaction holds the write lock, so
 * the next ids are those AUTOINCREMENT would give one by one (past the largest id the table ever
 * had). Parents, lines and (in appendMany) audit rows then go in as multi-row INSERTs.
 */
async function insertSqlite(trx: Knex.Transaction, em: EntityModel, codec: EntityCodec, batch: EncodedBatch): Promise<number[]> {
  const [row] = await queryRows(trx, `SELECT max(coalesce((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = ?), 0), coalesce((SELECT max("id") FROM ${q(em.table)}), 0)) AS "last"`, [em.table]);
  const last = Number((row as { last: unknown }).last);
  const ids = batch.parents.map((values, i) => (values[0] = last + i + 1));
  await insertPresent(trx, em.table, ['id', ...SYSTEM_INSERT, ...codec.dataColumns], batch.parents);
  for (const l of batch.lines) {
    const values = l.rows.map((line) => ((line.values[PARENT_SLOT] = ids[line.parent]), line.values));
    await insertPresent(trx, l.table, l.columns, values);
  }
  return ids;
}

/**
 * PostgreSQL: ids are reserved from the table's sequence first, so parents and lines go in as
 * multi-row inserts whose parent ids are known up front, whatever order RETURNING would give.
 */
async function insertPostgres(trx: Knex.Transaction, em: EntityModel, codec: EntityCodec, batch: EncodedBatch): Promise<number[]> {
  const n = batch.parents.length;
  const reserved = await trx.raw(`SELECT nextval(pg_get_serial_sequence(?, 'id')) AS id FROM generate_series(1, ?)`, [em.table, n]);
  const ids = (reserved.rows as { id: number }[]).map((r) => Number(r.id));
  const cols = ['id', ...SYSTEM_INSERT, ...codec.dataColumns];
  const rows = batch.parents.map((values, i) => {
    const row: Record<string, unknown> = {};
    values[0] = ids[i];
    cols.forEach((c, k) => (row[c] = values[k]));
    return row;
  });
  await insertChunked(trx, em.table, rows);
  for (const l of batch.lines) {
    const lineRows = l.rows.map((row) => {
      row.values[PARENT_SLOT] = ids[row.parent];
      const obj: Record<string, unknown> = {};
      l.columns.forEach((c, k) => (obj[c] = row.values[k]));
      return obj;
    });
    await insertChunked(trx, l.table, lineRows);
  }
  return ids;
}

/**
 * Inserts many records with their lines in the caller's transaction and returns their ids in
 * input order. Every row is validated before the first one is written.
 */
export async function bulkInsert(trx: Knex.Transaction, active: ActiveModel, entity: string, rows: RecordData[], meta: WriteMeta): Promise<number[]> {
  const { model: em, codec } = active.entity(entity);
  const batch = encodeBatch(active, em, codec, rows, meta);
  if (rows.length === 0) return [];
  return active.dialect === 'sqlite' ? insertSqlite(trx, em, codec, batch) : insertPostgres(trx, em, codec, batch);
}
