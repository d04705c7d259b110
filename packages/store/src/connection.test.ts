import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseStoreUrl } from './connection.ts';
import { openStore } from './store.ts';
import { StoreError } from './store-error.ts';

describe('parseStoreUrl', () => {
  it.each([
    ['sqlite:./data/statecraft.db', { dialect: 'sqlite', filename: './data/statecraft.db' }],
    ['sqlite::memory:', { dialect: 'sqlite', filename: ':memory:' }],
    ['sqlite:///var/lib/sc.db', { dialect: 'sqlite', filename: '/var/lib/sc.db' }],
    ['postgres://u@h:5432/db', { dialect: 'postgres', connectionString: 'postgres://u@h:5432/db' }],
    ['postgresql://u@h/db', { dialect: 'postgres', connectionString: 'postgresql://u@h/db' }],
  ])('reads %s', (url, expected) => {
    expect(parseStoreUrl(url)).toEqual(expected);
  });

  it.each(['', 'mysql://x', 'sqlite:'])('rejects %j with STORE_BAD_URL and the accepted forms', (url) => {
    const err = (() => {
      try {
        parseStoreUrl(url);
      } catch (e) {
        return e as StoreError;
      }
    })();
    expect(err).toBeInstanceOf(StoreError);
    expect(err?.code).toBe('STORE_BAD_URL');
    expect(err?.message).toMatch(/sqlite:/);
  });
});

describe('openStore on SQLite', () => {
  it('sets WAL, busy_timeout, synchronous NORMAL and foreign keys on its one connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-conn-'));
    const store = await openStore(`sqlite:${join(dir, 'nested', 'sc.db')}`);
    try {
      const pragma = async (name: string) => Object.values((await store.knex.raw(`PRAGMA ${name}`))[0])[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(await pragma('synchronous')).toBe(1); // NORMAL
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('wal_autocheckpoint')).toBe(4000);
      const pool = store.knex.client.pool;
      expect(pool.max).toBe(1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a :memory: database for the life of the store', async () => {
    const store = await openStore('sqlite::memory:');
    await store.migrate();
    await store.users.create({ username: 'a', displayName: 'A', roles: [], now: '2024-11-11T00:00:00Z' });
    expect(await store.users.list()).toHaveLength(1);
    await store.close();
  });

  it('takes the write lock when a transaction begins, so other processes wait instead of failing mid-way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-conn-'));
    const file = join(dir, 'sc.db');
    const store = await openStore(`sqlite:${file}`);
    await store.migrate();
    const other = new Database(file, { timeout: 0 });
    try {
      await store.transaction(async (tx) => {
        await tx.users.list(); // a read only: a deferred BEGIN would not hold the write lock yet
        expect(() => other.prepare(`INSERT INTO sc_migration (version, name, applied_at) VALUES (99, 'x', 'x')`).run()).toThrow(/locked|busy/i);
      });
      other.prepare(`INSERT INTO sc_migration (version, name, applied_at) VALUES (99, 'x', 'x')`).run();
    } finally {
      other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
