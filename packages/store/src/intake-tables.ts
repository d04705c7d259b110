import type { SystemMigration } from './system-tables.ts';

/**
 * Channel order intake (订单接入): a durable cursor per connector, failed windows (retry, then
 * dead-lettered), the sync log, one scheduler job row per connector (claimed with
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL so only one process pulls a connector at a time) and the
 * encrypted connector credentials. Times are ISO 8601 UTC strings: they compare as text on both
 * dialects, which is all the scheduler needs. Appended to SYSTEM_MIGRATIONS.
 */
export const INTAKE_MIGRATION: SystemMigration = {
  version: 3,
  name: 'channel intake',
  async up(knex) {
    await knex.schema.createTable('sc_intake_cursor', (t) => {
      t.text('app_id').notNullable();
      t.text('connector_id').notNullable();
      t.text('watermark').notNullable();
      t.text('updated_at').notNullable();
      t.primary(['app_id', 'connector_id']);
    });
    await knex.schema.createTable('sc_intake_failure', (t) => {
      t.bigIncrements('id');
      t.text('app_id').notNullable();
      t.text('connector_id').notNullable();
      t.text('window_start').notNullable();
      t.text('window_end').notNullable();
      t.integer('attempts').notNullable();
      t.text('status').notNullable(); // retry | dead | done
      t.text('next_attempt_at');
      t.text('last_error').notNullable();
      t.text('updated_at').notNullable();
      t.index(['app_id', 'connector_id', 'status'], 'ix_sc_intake_failure_status');
    });
    await knex.schema.createTable('sc_intake_run', (t) => {
      t.bigIncrements('id');
      t.text('app_id').notNullable();
      t.text('connector_id').notNullable();
      t.text('started_at').notNullable();
      t.text('finished_at');
      t.text('window_start');
      t.text('window_end');
      t.text('counts').notNullable(); // JSON IntakeCounts
      t.integer('calls').notNullable().defaultTo(0);
      t.text('errors').notNullable(); // JSON array
      t.text('status').notNullable(); // ok | partial | failed
      t.index(['app_id', 'connector_id', 'id'], 'ix_sc_intake_run_connector');
    });
    await knex.schema.createTable('sc_intake_job', (t) => {
      t.text('app_id').notNullable();
      t.text('connector_id').notNullable();
      t.text('next_run_at').notNullable();
      t.text('running_by');
      t.text('running_since');
      t.primary(['app_id', 'connector_id']);
    });
    await knex.schema.createTable('sc_connector_credential', (t) => {
      t.text('app_id').notNullable();
      t.text('connector_id').notNullable();
      t.text('sealed').notNullable(); // base64(iv | tag | AES-256-GCM ciphertext)
      t.text('key_id').notNullable();
      t.text('updated_at').notNullable();
      t.text('updated_by');
      t.primary(['app_id', 'connector_id']);
    });
  },
};
