import type { Knex } from 'knex';
import type { Dialect } from './column-types.ts';
import { SYSTEM_MIGRATIONS, type SystemMigration } from './system-tables.ts';

/**
 * Serialises schema changes between processes sharing one PostgreSQL schema. The lock is keyed
 * by the current schema so tests working in their own schemas never wait for each other.
 * SQLite needs nothing: it has one writer.
 */
export async function lockSchema(trx: Knex.Transaction, dialect: Dialect, purpose: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await trx.raw(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ?))`, [`:statecraft:${purpose}`]);
}

/**
 * Brings the system tables up to date: runs the migrations not yet recorded in `sc_migration`,
 * all in one transaction. Safe to call on every start and from several processes at once.
 *
 * @example await migrateSystemTables(knex, 'sqlite') // → [1] the first time, [] afterwards
 */
export async function migrateSystemTables(
  knex: Knex,
  dialect: Dialect,
  migrations: readonly SystemMigration[] = SYSTEM_MIGRATIONS,
): Promise<number[]> {
  return knex.transaction(async (trx) => {
    await lockSchema(trx, dialect, 'migrate');
    if (!(await trx.schema.hasTable('sc_migration'))) {
      await trx.schema.createTable('sc_migration', (t) => {
        t.integer('version').primary();
        t.text('name').notNullable();
        t.text('applied_at').notNullable();
      });
    }
    const done = new Set((await trx('sc_migration').select('version')).map((r: { version: number }) => Number(r.version)));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await migration.up(trx, dialect);
      await trx('sc_migration').insert({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() });
      applied.push(migration.version);
    }
    return applied;
  });
}
