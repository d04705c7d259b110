import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Dialect, type Store } from '@statecraft/store';
import { testPgUrl } from '@statecraft/store/testing';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const serverEntry = join(root, 'apps/server/src/server.ts');

/** One real server process (`node --import tsx apps/server/src/server.ts`) on a free port. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves when the process has exited (by itself, SIGTERM or SIGKILL). */
  exited: Promise<number | null>;
  output(): string;
}

/**
 * Starts a server on DATABASE_URL `databaseUrl`, listening on 127.0.0.1 port 0; resolves once it
 * prints its URL (bounded wait: the process's own startup, not a sleep).
 */
export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', STATECRAFT_WMS_URL: 'off', STATECRAFT_WMS_SYNC_MS: '0', STATECRAFT_CHANNEL_SANDBOXES: '0', STATECRAFT_MESSENGER_SANDBOXES: '0', STATECRAFT_WMS_SANDBOX: '0', STATECRAFT_INTAKE_TICK_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = () => {
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        res(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
  return { child, url, exited, output: () => out };
}

/** Stops a server process (SIGTERM, or SIGKILL to crash it) and waits for it to exit. */
export async function stopServerProcess(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  await server.exited;
}

const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);

/**
 * A database several server processes can share: a SQLite file in a temp folder, or a fresh
 * PostgreSQL schema (named like the store's test schemas, so a crashed run is swept) reached
 * through the URL's `options=-c search_path=…`.
 */
export async function sharedDatabase(dialect: Dialect): Promise<{ url: string; dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-procs-'));
    return { url: `sqlite:${join(dir, 'oms.db')}`, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `sc_test_${HOST}_${process.pid}_${randomBytes(5).toString('hex')}`;
  const base = testPgUrl();
  const raw = async (sql: string) => {
    const admin = await openStore(base, { pool: { min: 0, max: 1 } });
    try {
      await admin.knex.raw(sql);
    } finally {
      await admin.close();
    }
  };
  await raw(`CREATE SCHEMA "${schema}"`);
  const url = `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return { url, dispose: () => raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`) };
}

/** Server processes sharing one database, and the test's own store on it to check what they did. */
export interface SharedServers {
  url: string;
  servers: ServerProcess[];
  store: Store;
  /** Stops the processes, closes the store and drops the database. */
  close(): Promise<void>;
}

/**
 * Starts `count` server processes one after the other on a fresh shared database (the first
 * installs the template, the others find it installed) and opens a store of the test's own on it.
 *
 * @example const shared = await startSharedServers('postgres', { STATECRAFT_ADMIN_PASSWORD: pw }); … await shared.close();
 */
export async function startSharedServers(dialect: Dialect, env: Record<string, string>, count = 2): Promise<SharedServers> {
  const db = await sharedDatabase(dialect);
  const servers: ServerProcess[] = [];
  let store: Store | undefined;
  const close = async () => {
    await store?.close();
    for (const s of servers) await stopServerProcess(s).catch(() => undefined);
    await db.dispose();
  };
  try {
    for (let i = 0; i < count; i++) servers.push(await startServerProcess(db.url, env));
    store = await openStore(db.url, { pool: { min: 0, max: 2 } });
  } catch (err) {
    await close();
    throw err;
  }
  return { url: db.url, servers, store, close };
}

/** A tiny HTTP client with a session cookie, for talking to a server process. */
export class ApiClient {
  private cookie = '';
  constructor(public baseUrl: string) {}

  async login(username: string, password: string): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    const set = res.headers.getSetCookie().find((c) => c.startsWith('sc_session='));
    this.cookie = set!.split(';')[0]!;
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }
}
