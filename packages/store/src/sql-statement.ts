import type { Knex } from 'knex';
import type BetterSqlite3 from 'better-sqlite3';
import type { Dialect } from './column-types.ts';
import type { Db } from './db.ts';
import { readsBetweenMembers } from './sqlite-transaction.ts';

/**
 * Hand-written statements for the few queries every command runs (read a record and its lines,
 * the versioned update, the audit row, the outbox row). Knex builds, compiles and dispatches each
 * query through its runner, which costs more than SQLite takes to run it; these skip the builder.
 *
 * The SQL uses `?` placeholders and double-quoted identifiers, which both dialects accept:
 * - SQLite: the statement runs straight on the connection (the transaction's own, or one borrowed
 *   from the pool and given back), prepared once per SQL text (see connection.ts);
 * - PostgreSQL: `knex.raw`, the same way the builder would send it.
 */

interface KnexClientLike {
  dialect: string;
  acquireConnection(): Promise<BetterSqlite3.Database>;
  releaseConnection(connection: BetterSqlite3.Database): unknown;
  /** A bound SQLite transaction's connection (see sqlite-transaction.ts), without a promise. */
  connection?: BetterSqlite3.Database;
}

/** Per knex client: the SQLite connection it last lent to a statement here (SQLite stores have one). */
const idleConnections = new WeakMap<KnexClientLike, BetterSqlite3.Database>();

/** The dialect a knex (or transaction) speaks: knex names SQLite clients 'sqlite3'. */
export function dialectOf(db: Db): Dialect {
  return (db as unknown as { client: KnexClientLike }).client.dialect === 'postgresql' ? 'postgres' : 'sqlite';
}

type TransactionLike = Knex.Transaction & { isCompleted(): boolean };

/** SQLite binds numbers, strings, bigints, buffers and null: convert the rest as knex does. */
function sqliteBindings(bindings: readonly unknown[]): readonly unknown[] {
  // Most statements bind neither: then the list is bound as it is, not copied.
  for (let i = 0; i < bindings.length; i++) {
    const b = bindings[i];
    if (typeof b === 'boolean' || b instanceof Date) return bindings.map((v) => (typeof v === 'boolean' ? Number(v) : v instanceof Date ? v.valueOf() : v));
  }
  return bindings;
}

async function onSqlite<T>(db: Db, sql: string, use: (connection: BetterSqlite3.Database) => T): Promise<T> {
  const client = (db as unknown as { client: KnexClientLike }).client;
  if ((db as Knex.Transaction).isTransaction) {
    if ((db as TransactionLike).isCompleted()) throw new Error(`A query (${sql}) ran after its transaction ended: use the transaction only inside store.transaction(async (tx) => …), and await every query.`);
    return use(client.connection ?? (await client.acquireConnection()));
  }
  // better-sqlite3 runs a statement synchronously, so nothing can interleave with it: when the
  // store's connection is not inside a transaction (store.transaction's or knex's), the statement
  // runs on it at once instead of queueing in the pool (a few promises and a timer each time);
  // so does a read between the members of a group commit (see sqlite-transaction.ts).
  const idle = idleConnections.get(client);
  if (idle && idle.open && (!idle.inTransaction || readsBetweenMembers(idle, sql))) return use(idle);
  const connection = await client.acquireConnection();
  try {
    return use(connection);
  } finally {
    idleConnections.set(client, connection);
    client.releaseConnection(connection);
  }
}

/**
 * The rows a statement returns (a SELECT, or a write with RETURNING).
 *
 * @example await queryRows(db, 'SELECT * FROM "e_order" WHERE "id" = ?', [7])
 */
export async function queryRows(db: Db, sql: string, bindings: readonly unknown[]): Promise<Record<string, unknown>[]> {
  if (dialectOf(db) === 'sqlite') return onSqlite(db, sql, (c) => c.prepare(sql).all(sqliteBindings(bindings)) as Record<string, unknown>[]);
  const result = (await db.raw(sql, bindings as Knex.RawBinding[])) as { rows: Record<string, unknown>[] };
  return result.rows;
}

/**
 * The rows of a SELECT as arrays of their column values, in the SELECT's order: cheaper than
 * objects when many rows are read and each is taken apart at once (a district's orders).
 *
 * @example await queryValues(db, 'SELECT "id", "ordered_at" FROM "e_order" WHERE "id" = ?', [7]) // → [[7, '2024-11-11T…']]
 */
export async function queryValues(db: Db, sql: string, bindings: readonly unknown[]): Promise<unknown[][]> {
  if (dialectOf(db) === 'sqlite') {
    return onSqlite(db, sql, (c) => {
      // The statement is shared by SQL text: raw mode only for this call.
      const statement = c.prepare(sql).raw(true);
      try {
        return statement.all(sqliteBindings(bindings)) as unknown[][];
      } finally {
        statement.raw(false);
      }
    });
  }
  return (await queryRows(db, sql, bindings)).map((row) => Object.values(row));
}

/**
 * Runs a write without RETURNING; resolves with the number of rows it changed.
 *
 * @example await execute(db, 'UPDATE "e_order" SET "status" = ? WHERE "id" = ?', ['paid', 7]) // → 1
 */
export async function execute(db: Db, sql: string, bindings: readonly unknown[]): Promise<number> {
  if (dialectOf(db) === 'sqlite') return onSqlite(db, sql, (c) => c.prepare(sql).run(sqliteBindings(bindings)).changes);
  const result = (await db.raw(sql, bindings as Knex.RawBinding[])) as { rowCount: number | null };
  return result.rowCount ?? 0;
}

/**
 * Runs an INSERT of one row (written without RETURNING) and resolves with the new row's id, or
 * null when its `ON CONFLICT … DO NOTHING` kept the row out. On SQLite the id is the one the
 * connection reports: a `RETURNING` clause there costs more than the insert itself (≈ 50 against
 * 15 µs for an order row with its twelve indexes). PostgreSQL gets ` RETURNING "id"` appended.
 *
 * @example await insertRow(trx, 'INSERT INTO "sc_audit" ("entity", "record_id") VALUES (?, ?)', ['order', 7]) // → 41
 */
export async function insertRow(db: Db, sql: string, bindings: readonly unknown[]): Promise<number | null> {
  if (dialectOf(db) === 'sqlite') {
    return onSqlite(db, sql, (c) => {
      const result = c.prepare(sql).run(sqliteBindings(bindings));
      return result.changes === 0 ? null : Number(result.lastInsertRowid);
    });
  }
  const [row] = (await queryRows(db, `${sql} RETURNING "id"`, bindings)) as { id: unknown }[];
  return row ? Number(row.id) : null;
}

/** Rows one SQLite multi-row INSERT takes at most: beyond this the gain is lost in binding the values. */
const SQLITE_ROWS_PER_INSERT = 64;
/** SQLite's bound-parameter limit (SQLITE_MAX_VARIABLE_NUMBER, 32,766 since SQLite 3.32). */
const SQLITE_MAX_BINDINGS = 32_766;
/** Per INSERT head: the statement text for 1, 2, 4 … rows (the same string each time, so its hash is computed once). */
const multiRowSql = new Map<string, string[]>();

function multiRowInsert(head: string, width: number, size: number): string {
  let texts = multiRowSql.get(head);
  if (!texts) multiRowSql.set(head, (texts = []));
  const slot = Math.log2(size);
  return (texts[slot] ??= head + Array.from({ length: size }, () => `(${placeholders(width)})`).join(', '));
}

/**
 * Inserts rows with multi-row INSERTs on SQLite (bulk creation): `head` is
 * `INSERT INTO "t" ("a", "b") VALUES `, each row its values in that column order, as SQLite binds
 * them (numbers, strings, bigints, buffers, null: no booleans or dates). The rows go in chunks of
 * 64, 32, 16 … 1 (a power of two each, within SQLite's bound-parameter limit), in order, so a
 * table needs at most seven statements, each prepared once, and SQLite steps one statement per
 * chunk instead of one per row. A row the database refuses fails the call; the caller's
 * transaction rolls the rest back.
 *
 * @example await insertRowsSqlite(trx, 'INSERT INTO "sc_audit" ("entity", "record_id") VALUES ', [['order', 1], ['order', 2], ['order', 3]])
 */
export async function insertRowsSqlite(db: Db, head: string, rows: readonly (readonly unknown[])[]): Promise<void> {
  if (rows.length === 0) return;
  const width = rows[0]!.length;
  let size = SQLITE_ROWS_PER_INSERT;
  while (size > 1 && size * width > SQLITE_MAX_BINDINGS) size >>= 1;
  await onSqlite(db, head, (c) => {
    for (let i = 0; i < rows.length; i += size) {
      while (size > rows.length - i) size >>= 1;
      // better-sqlite3 binds several arrays one after the other: no flat copy of the values.
      c.prepare(multiRowInsert(head, width, size)).run(...rows.slice(i, i + size));
    }
  });
}

/** A quoted identifier (table and column names come from the definition's checked ids). */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `?, ?, ?` for n values. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
