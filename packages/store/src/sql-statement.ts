import type { Knex } from 'knex';
import type BetterSqlite3 from 'better-sqlite3';
import type { Dialect } from './column-types.ts';
import type { Db } from './db.ts';

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
}

/** The dialect a knex (or transaction) speaks: knex names SQLite clients 'sqlite3'. */
export function dialectOf(db: Db): Dialect {
  return (db as unknown as { client: KnexClientLike }).client.dialect === 'postgresql' ? 'postgres' : 'sqlite';
}

type TransactionLike = Knex.Transaction & { isCompleted(): boolean };

/** SQLite binds numbers, strings, bigints, buffers and null: convert the rest as knex does. */
function sqliteBindings(bindings: readonly unknown[]): unknown[] {
  return bindings.map((b) => (typeof b === 'boolean' ? Number(b) : b instanceof Date ? b.valueOf() : b));
}

async function onSqlite<T>(db: Db, sql: string, use: (connection: BetterSqlite3.Database) => T): Promise<T> {
  const client = (db as unknown as { client: KnexClientLike }).client;
  if ((db as Knex.Transaction).isTransaction) {
    if ((db as TransactionLike).isCompleted()) throw new Error(`A query (${sql}) ran after its transaction ended: use the transaction only inside store.transaction(async (tx) => …), and await every query.`);
    return use(await client.acquireConnection());
  }
  const connection = await client.acquireConnection();
  try {
    return use(connection);
  } finally {
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
 * Runs one write for each list of bindings (a bulk insert) on SQLite: the statement is prepared
 * once and run on one connection without a promise per row. Resolves with the rows changed.
 *
 * @example await executeEach(trx, 'INSERT INTO "sc_audit" ("entity", "record_id") VALUES (?, ?)', [['order', 1], ['order', 2]])
 */
export async function executeEach(db: Db, sql: string, rows: readonly (readonly unknown[])[]): Promise<number> {
  if (dialectOf(db) !== 'sqlite') {
    let changed = 0;
    for (const bindings of rows) changed += await execute(db, sql, bindings);
    return changed;
  }
  return onSqlite(db, sql, (c) => {
    const statement = c.prepare(sql);
    let changed = 0;
    for (const bindings of rows) changed += statement.run(sqliteBindings(bindings)).changes;
    return changed;
  });
}

/** A quoted identifier (table and column names come from the definition's checked ids). */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `?, ?, ?` for n values. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
