import type { Knex } from 'knex';
import type { Dialect } from './column-types.ts';
import { dialectOf } from './sql-statement.ts';
import { sqliteTransaction } from './sqlite-transaction.ts';
import { StoreError } from './store-error.ts';

/** Something queries can run on: the store's knex or one of its transactions. */
export type Db = Knex | Knex.Transaction;

/** What repositories are built on. */
export interface DbContext {
  db: Db;
  dialect: Dialect;
}

/** Runs `fn` in the given transaction, or opens one when `db` is the bare store (see sqlite-transaction.ts for SQLite's). */
export async function inTransaction<T>(db: Db, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if ((db as Knex.Transaction).isTransaction) return fn(db as Knex.Transaction);
  return dialectOf(db) === 'sqlite' ? sqliteTransaction(db as Knex, fn) : (db as Knex).transaction(fn);
}

/** A unique constraint was violated (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Knex gave up waiting for a connection. */
export function isAcquireTimeout(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'KnexTimeoutError';
}

/**
 * Explains a connection timeout. On SQLite the usual cause is calling `store.X` inside
 * `store.transaction(...)`: the one connection is held by the transaction, so use `tx.X`.
 */
export function busyError(err: unknown): StoreError {
  return new StoreError(
    'STORE_BUSY',
    'Timed out waiting for a database connection. Inside store.transaction(async (tx) => …) use tx.records / tx.audit …, not store.records: on SQLite the transaction holds the only connection. Otherwise the database is overloaded: retry later.',
    undefined,
    { cause: err },
  );
}

/** Rethrows driver errors the caller can act on as StoreErrors. */
export function translateDbError(err: unknown): never {
  if (isAcquireTimeout(err)) throw busyError(err);
  throw err;
}
