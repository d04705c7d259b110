import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type BetterSqlite3 from 'better-sqlite3';
import type { Dialect } from './column-types.ts';
import { StoreError } from './store-error.ts';

/** How to open a store beyond its URL. */
export interface OpenStoreOptions {
  /** PostgreSQL: the schema to work in (knex `searchPath`); tests use a fresh one per file. */
  searchPath?: string;
  /** PostgreSQL pool size (default 0–10). SQLite always has exactly one connection: one writer. */
  pool?: { min?: number; max?: number };
  /** How long to wait for a connection before failing with STORE_BUSY (default 30 s). */
  acquireTimeoutMs?: number;
}

/** A parsed store URL. */
export type StoreTarget =
  | { dialect: 'sqlite'; filename: string }
  | { dialect: 'postgres'; connectionString: string };

/**
 * Reads a store URL: `sqlite:<path>`, `sqlite::memory:` or `postgres://…` (`postgresql://` too).
 *
 * @example parseStoreUrl('sqlite:./data/statecraft.db') // → { dialect: 'sqlite', filename: './data/statecraft.db' }
 */
export function parseStoreUrl(url: string): StoreTarget {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new StoreError('STORE_BAD_URL', 'The store URL is empty: give sqlite:<path>, sqlite::memory: or postgres://user@host:port/db.');
  }
  if (url.startsWith('sqlite:')) {
    let filename = url.slice('sqlite:'.length);
    if (filename.startsWith('//')) filename = filename.slice(2);
    if (filename === '') {
      throw new StoreError('STORE_BAD_URL', `The store URL "${url}" has no file: write sqlite:./data/statecraft.db or sqlite::memory:.`);
    }
    return { dialect: 'sqlite', filename };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { dialect: 'postgres', connectionString: url };
  }
  throw new StoreError('STORE_BAD_URL', `The store URL "${url}" is not supported: it must start with sqlite: or postgres://.`);
}

/**
 * pg's parsers, overridden per connection (not globally, so nothing else in the process changes):
 * int8 and numeric become numbers (ids, fen and counts fit in 2^53), dates stay `YYYY-MM-DD`
 * strings instead of local-midnight Date objects, instants become ISO UTC strings, and JSON stays
 * raw text so both dialects decode it the same way.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    const builtins = pg.types.builtins;
    switch (oid) {
      case builtins.INT8:
      case builtins.NUMERIC:
        return (value) => Number(value);
      case builtins.DATE:
        return (value) => value;
      case builtins.TIMESTAMPTZ:
      case builtins.TIMESTAMP: {
        const base = pg.types.getTypeParser(oid, 'text') as (value: string) => Date;
        return (value) => base(value).toISOString();
      }
      case builtins.JSON:
      case builtins.JSONB:
        return (value) => value;
      default:
        return pg.types.getTypeParser(oid, (format ?? 'text') as 'text');
    }
  },
};

/** True for an SQLite database that lives in memory (`:memory:`, `file::memory:…`): no file, no WAL. */
export function isMemoryDatabase(filename: string): boolean {
  return filename === ':memory:' || filename.startsWith('file::memory:');
}

/** Connection-level settings for SQLite; see openStore for why each one is there. */
function sqlitePragmas(conn: BetterSqlite3.Database, inMemory: boolean): void {
  if (!inMemory) conn.pragma('journal_mode = WAL');
  conn.pragma('busy_timeout = 5000');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  // 64 MiB of pages (the default is 2 MiB): with a million orders the order table's indexes far
  // outgrow 2 MiB, and every index page read again is a system call. The one connection keeps
  // its cache across transactions, so the upper levels of every index and the recent pages
  // the alert rules' facts read (a district's orders of the last days) stay in memory.
  conn.pragma('cache_size = -65536');
  // Checkpoint the WAL every 4,000 pages (16 MiB) instead of 1,000: a batch of 1,000 new orders
  // writes 500–700 pages (rows, lines, audit rows, a dozen indexes), so the default checkpointed
  // after every other batch, copying the same hot index pages again and syncing the database
  // file each time. Measured on batched intake: about a third less time in COMMIT and a quarter
  // less in system calls. A checkpoint copies more at once, but there are a quarter as many.
  // A file database also has a background checkpointer (wal-checkpointer.ts) that copies pages
  // while the store works, so this one mostly finds them copied and only restarts the WAL.
  if (!inMemory) conn.pragma('wal_autocheckpoint = 4000');
  preparedStatements(conn);
}

/**
 * Two changes to how knex prepares statements on SQLite:
 * - Knex opens every transaction with a plain (deferred) `BEGIN`. A deferred transaction that
 *   reads and then writes fails at once with SQLITE_BUSY when another process wrote in between,
 *   whatever busy_timeout says. `BEGIN IMMEDIATE` takes the write lock up front, so another
 *   process (a CLI next to the server) waits its turn instead.
 * - Knex prepares every statement anew; preparing costs as much as running a small one. The same
 *   query shapes recur on every command, so prepared statements are kept by SQL text (bounded;
 *   SQLite re-prepares a kept statement by itself when the schema changes).
 */
const STATEMENT_CACHE_SIZE = 1000;

function preparedStatements(conn: BetterSqlite3.Database): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, BetterSqlite3.Statement>();
  conn.prepare = ((sql: string) => {
    const text = sql === 'BEGIN;' ? 'BEGIN IMMEDIATE;' : sql;
    let statement = cache.get(text);
    if (!statement) {
      statement = prepare(text);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      cache.set(text, statement);
    }
    return statement;
  }) as typeof conn.prepare;
}

/** Builds the knex instance for a target. */
export function createKnex(target: StoreTarget, options: OpenStoreOptions = {}): { knex: Knex; dialect: Dialect } {
  const acquireConnectionTimeout = options.acquireTimeoutMs ?? 30_000;
  if (target.dialect === 'sqlite') {
    const inMemory = isMemoryDatabase(target.filename);
    if (!inMemory) mkdirSync(dirname(target.filename), { recursive: true });
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: target.filename },
      useNullAsDefault: true,
      acquireConnectionTimeout,
      pool: {
        // One connection: SQLite has one writer anyway, and a second connection would only
        // turn lock contention into SQLITE_BUSY errors. It is never reaped, so :memory: survives.
        min: 1,
        max: 1,
        idleTimeoutMillis: Number.MAX_SAFE_INTEGER,
        afterCreate(conn: BetterSqlite3.Database, done: (err: Error | null, conn: unknown) => void) {
          try {
            sqlitePragmas(conn, inMemory);
            done(null, conn);
          } catch (err) {
            done(err as Error, conn);
          }
        },
      },
    });
    return { knex, dialect: 'sqlite' };
  }
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: target.connectionString, types: pgTypes } as Knex.PgConnectionConfig,
    searchPath: options.searchPath ? [options.searchPath] : undefined,
    acquireConnectionTimeout,
    pool: { min: options.pool?.min ?? 0, max: options.pool?.max ?? 10 },
  });
  return { knex, dialect: 'postgres' };
}
