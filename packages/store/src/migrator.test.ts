import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSystemTables } from './migrator.ts';
import { SYSTEM_MIGRATIONS } from './system-tables.ts';
import { openTestStore, testStores, type TestStore } from './testing.ts';

const TABLES = ['sc_app', 'sc_definition', 'sc_user', 'sc_session', 'sc_api_token', 'sc_audit', 'sc_outbox', 'sc_alert', 'sc_entity_table', 'sc_entity_column', 'sc_entity_index', 'sc_migration'];

describe.each(await testStores())('system tables on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => (t = await openTestStore(dialect, { memory: true })));
  afterAll(() => t.dispose());

  it('creates every sc_ table', async () => {
    for (const table of TABLES) expect(await t.store.knex.schema.hasTable(table), table).toBe(true);
  });

  it('is idempotent: a second migrate applies nothing', async () => {
    await t.store.migrate();
    expect(await migrateSystemTables(t.store.knex, dialect)).toEqual([]);
    const rows = await t.store.knex('sc_migration').select('version');
    expect(rows.map((r: { version: number }) => Number(r.version))).toEqual(SYSTEM_MIGRATIONS.map((m) => m.version));
  });

  it('runs concurrent migrations one at a time', async () => {
    const results = await Promise.all([migrateSystemTables(t.store.knex, dialect), migrateSystemTables(t.store.knex, dialect)]);
    expect(results).toEqual([[], []]);
  });

  it('applies only the migrations not yet recorded, in version order', async () => {
    const ran: number[] = [];
    const extra = [3, 2].map((version) => ({
      version: 100 + version,
      name: `test ${version}`,
      up: async () => void ran.push(100 + version),
    }));
    expect(await migrateSystemTables(t.store.knex, dialect, [...SYSTEM_MIGRATIONS, ...extra])).toEqual([102, 103]);
    expect(ran).toEqual([102, 103]);
    expect(await migrateSystemTables(t.store.knex, dialect, [...SYSTEM_MIGRATIONS, ...extra])).toEqual([]);
  });
});
