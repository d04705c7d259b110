import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTestStore, testStores } from './testing.ts';

describe('testStores', () => {
  const saved = { url: process.env.STATECRAFT_TEST_PG_URL, require: process.env.STATECRAFT_REQUIRE_PG };
  afterEach(() => {
    for (const [key, value] of [['STATECRAFT_TEST_PG_URL', saved.url], ['STATECRAFT_REQUIRE_PG', saved.require]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    vi.restoreAllMocks();
  });

  it('always includes SQLite', async () => {
    expect(await testStores()).toContain('sqlite');
  });

  it('skips PostgreSQL with a warning when it is unreachable', async () => {
    process.env.STATECRAFT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:1/none';
    delete process.env.STATECRAFT_REQUIRE_PG;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await testStores()).toEqual(['sqlite']);
    expect(String(warn.mock.calls[0]?.[0])).toContain('unreachable');
  });

  it('fails loudly when PostgreSQL is required and unreachable', async () => {
    process.env.STATECRAFT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:1/none';
    process.env.STATECRAFT_REQUIRE_PG = '1';
    await expect(testStores()).rejects.toMatchObject({ code: 'STORE_PG_UNREACHABLE' });
  });
});

describe.each(await testStores())('openTestStore on %s', (dialect) => {
  it('gives each caller its own database, removed on dispose', async () => {
    const a = await openTestStore(dialect);
    const b = await openTestStore(dialect);
    try {
      await a.store.users.create({ username: 'only-in-a', displayName: 'A', roles: [], now: '2024-11-11T00:00:00Z' });
      expect(await b.store.users.findByUsername('only-in-a')).toBeNull();
      const again = await a.openAnother();
      expect(await again.users.findByUsername('only-in-a')).not.toBeNull();
    } finally {
      await a.dispose();
      await b.dispose();
    }
    if (dialect === 'postgres') {
      const schema = a.options.searchPath!;
      const probe = await openTestStore('postgres');
      try {
        const res = await probe.store.knex.raw('SELECT count(*) AS n FROM pg_namespace WHERE nspname = ?', [schema]);
        expect(Number(res.rows[0].n)).toBe(0);
      } finally {
        await probe.dispose();
      }
    }
  });
});
