import type { Knex } from 'knex';
import type BetterSqlite3 from 'better-sqlite3';
import type { ActiveModel } from './active-model.ts';
import type { EntityModel } from './entity-model.ts';
import type { RecordData, WriteMeta } from './record-envelope.ts';
import { insertChunked, lineItems } from './record-lines.ts';
import type { EntityCodec } from './record-codec.ts';

const SYSTEM_INSERT = ['_version', '_def_version', '_created_at', '_updated_at', '_created_by', '_updated_by', '_hold'];
const q = (id: string) => `"${id}"`;

/** Rows of one batch, validated and encoded before anything is written. */
interface EncodedBatch {
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
    const values = codec.encodeRow(data, path, system.slice());
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

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function prepared(conn: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let cache = statements.get(conn);
  if (!cache) statements.set(conn, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = conn.prepare(sql)));
  return stmt;
}

/**
 * SQLite: prepared statements run straight on the transaction's connection. Knex would compile
 * and prepare each statement anew; reusing one statement per table is what makes bulk intake
 * fast. The transaction still belongs to knex, so a failure rolls everything back.
 */
async function insertSqlite(trx: Knex.Transaction, em: EntityModel, codec: EntityCodec, batch: EncodedBatch): Promise<number[]> {
  const conn = (await (trx as unknown as { client: { acquireConnection(): Promise<BetterSqlite3.Database> } }).client.acquireConnection());
  const cols = [...SYSTEM_INSERT, ...codec.dataColumns];
  const parentStmt = prepared(conn, `INSERT INTO ${q(em.table)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  const ids = batch.parents.map((values) => Number(parentStmt.run(values).lastInsertRowid));
  for (const l of batch.lines) {
    if (l.rows.length === 0) continue;
    const stmt = prepared(conn, `INSERT INTO ${q(l.table)} (${l.columns.map(q).join(', ')}) VALUES (${l.columns.map(() => '?').join(', ')})`);
    for (const row of l.rows) {
      row.values[PARENT_SLOT] = ids[row.parent];
      stmt.run(row.values);
    }
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
    const all = [ids[i], ...values];
    cols.forEach((c, k) => (row[c] = all[k]));
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
