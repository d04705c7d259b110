import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from './column-types.ts';
import type { OpenStoreOptions } from './connection.ts';
import { openStore, type Store } from './store.ts';
import { StoreError } from './store-error.ts';

/** The PostgreSQL server tests use (env STATECRAFT_TEST_PG_URL). */
export function testPgUrl(): string {
  return process.env.STATECRAFT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

const reachable = new Map<string, Promise<boolean>>();

async function pgReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The dialects tests should run on: SQLite always, PostgreSQL when reachable. With
 * STATECRAFT_REQUIRE_PG=1 an unreachable PostgreSQL fails loudly instead of being skipped.
 *
 * @example describe.each(await testStores())('records on %s', (dialect) => { … })
 */
export async function testStores(): Promise<Dialect[]> {
  const url = testPgUrl();
  if (!reachable.has(url)) reachable.set(url, pgReachable(url));
  if (await reachable.get(url)) return ['sqlite', 'postgres'];
  const message = `PostgreSQL at ${url} is unreachable. Start it (pg_ctlcluster --skip-systemctl-redirect <version> main start) or set STATECRAFT_TEST_PG_URL.`;
  if (process.env.STATECRAFT_REQUIRE_PG === '1') throw new StoreError('STORE_PG_UNREACHABLE', `${message} STATECRAFT_REQUIRE_PG=1, so the tests fail.`);
  console.warn(`[statecraft/store] ${message} Running the SQLite half only.`);
  return ['sqlite'];
}

let swept: Promise<void> | null = null;
/** Names this machine's test schemas, so the sweep below never touches another host's. */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * A test process that crashed never dropped its schemas. Their names carry the pid, so schemas
 * of processes no longer running on this machine are dropped (once per process).
 */
async function sweepAbandonedSchemas(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sc\_test\_%'`);
  for (const { nspname } of rows) {
    const match = /^sc_test_([0-9a-f]+)_(\d+)_/.exec(nspname);
    // Only this machine's: a pid means nothing on another host sharing the server.
    if (match?.[1] !== HOST) continue;
    const pid = Number(match[2]);
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    await admin.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`).catch(() => undefined);
  }
}

/** A migrated store of its own for one test file, and how to get rid of it. */
export interface TestStore {
  store: Store;
  dialect: Dialect;
  /** The URL it was opened with (with `options` below: the same database for a second store). */
  url: string;
  options: OpenStoreOptions;
  /** Opens another store on the same database (another process, in effect). Closed by dispose. */
  openAnother(): Promise<Store>;
  /** Closes the stores and removes the database (temp file / schema). */
  dispose(): Promise<void>;
}

/**
 * Opens an isolated, migrated store: SQLite in a temp file (or `:memory:` with `{ memory: true }`),
 * PostgreSQL in a fresh schema `sc_test_<host>_<pid>_<random>` dropped on dispose (and swept
 * later if the process died before disposing). Files running in parallel never
 * see each other's data.
 *
 * @example
 * const t = await openTestStore('postgres');
 * afterAll(() => t.dispose());
 */
export async function openTestStore(dialect: Dialect, options: { memory?: boolean } = {}): Promise<TestStore> {
  const others: Store[] = [];
  if (dialect === 'sqlite') {
    const dir = options.memory ? null : mkdtempSync(join(tmpdir(), 'statecraft-store-'));
    const url = dir ? `sqlite:${join(dir, 'test.db')}` : 'sqlite::memory:';
    const store = await openStore(url);
    await store.migrate();
    return {
      store,
      dialect,
      url,
      options: {},
      async openAnother() {
        if (!dir) throw new StoreError('STORE_INVALID_ARGUMENT', 'A :memory: database cannot be shared: open the test store without { memory: true }.');
        const other = await openStore(url);
        others.push(other);
        return other;
      },
      async dispose() {
        for (const other of others) await other.close();
        await store.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `sc_test_${HOST}_${process.pid}_${randomBytes(5).toString('hex')}`;
  const url = testPgUrl();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    swept ??= sweepAbandonedSchemas(admin);
    await swept;
    await admin.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await admin.end();
  }
  const storeOptions: OpenStoreOptions = { searchPath: schema, pool: { min: 0, max: 4 } };
  const store = await openStore(url, storeOptions);
  await store.migrate();
  return {
    store,
    dialect,
    url,
    options: storeOptions,
    async openAnother() {
      const other = await openStore(url, storeOptions);
      others.push(other);
      return other;
    },
    async dispose() {
      for (const other of others) await other.close();
      await store.close();
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      try {
        await drop.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await drop.end();
      }
    },
  };
}
