import type { Knex } from 'knex';
import { addKindColumn, type Dialect } from './column-types.ts';
import { STOCK_MIGRATION } from './stock-tables.ts';
import { INTAKE_MIGRATION } from './intake-tables.ts';

/** One step of the system-table schema. Steps are append-only: never edit a shipped one. */
export interface SystemMigration {
  version: number;
  name: string;
  up(knex: Knex.Transaction, dialect: Dialect): Promise<void>;
}

type Table = Knex.CreateTableBuilder;

/** The store's own tables, in the order they were introduced. */
export const SYSTEM_MIGRATIONS: readonly SystemMigration[] = [
  {
    version: 1,
    name: 'system tables',
    async up(knex, dialect) {
      const instant = (t: Table, name: string) => addKindColumn(t, name, 'datetime', dialect);
      const json = (t: Table, name: string) => addKindColumn(t, name, 'json', dialect);

      await knex.schema.createTable('sc_app', (t) => {
        t.text('id').primary();
        json(t, 'name');
        instant(t, 'created_at').notNullable();
        instant(t, 'updated_at').notNullable();
      });

      await knex.schema.createTable('sc_definition', (t) => {
        t.bigIncrements('id');
        t.text('app_id').notNullable().references('id').inTable('sc_app').onDelete('CASCADE');
        t.text('status').notNullable(); // draft | published
        t.integer('version'); // null for the draft
        json(t, 'definition').notNullable();
        instant(t, 'created_at').notNullable();
        t.text('created_by');
        instant(t, 'updated_at').notNullable();
        instant(t, 'published_at');
        t.text('published_by');
        t.text('note');
        t.unique(['app_id', 'version'], { indexName: 'ux_sc_definition_version' });
      });
      // One draft per app; published versions are told apart by their number.
      await knex.raw(`CREATE UNIQUE INDEX ux_sc_definition_draft ON sc_definition (app_id) WHERE status = 'draft'`);
      await immutablePublishedDefinitions(knex, dialect);

      await knex.schema.createTable('sc_user', (t) => {
        t.bigIncrements('id');
        t.text('username').notNullable().unique({ indexName: 'ux_sc_user_username' });
        t.text('display_name').notNullable();
        json(t, 'roles').notNullable();
        t.text('password_hash');
        t.boolean('disabled').notNullable().defaultTo(false);
        instant(t, 'created_at').notNullable();
        instant(t, 'updated_at').notNullable();
      });

      await knex.schema.createTable('sc_session', (t) => {
        t.bigIncrements('id');
        t.text('token_hash').notNullable().unique({ indexName: 'ux_sc_session_token' });
        t.bigInteger('user_id').notNullable().references('id').inTable('sc_user').onDelete('CASCADE');
        instant(t, 'created_at').notNullable();
        instant(t, 'expires_at').notNullable().index('ix_sc_session_expires');
      });

      await knex.schema.createTable('sc_api_token', (t) => {
        t.bigIncrements('id');
        t.text('name').notNullable();
        t.text('token_hash').notNullable().unique({ indexName: 'ux_sc_api_token_hash' });
        t.bigInteger('user_id').references('id').inTable('sc_user').onDelete('CASCADE');
        json(t, 'roles').notNullable();
        instant(t, 'created_at').notNullable();
        t.text('created_by');
        instant(t, 'expires_at');
        instant(t, 'last_used_at');
        instant(t, 'revoked_at');
      });

      await knex.schema.createTable('sc_audit', (t) => {
        t.bigIncrements('id');
        t.text('entity').notNullable();
        t.bigInteger('record_id').notNullable();
        t.text('action').notNullable();
        t.text('transition_id');
        t.text('actor');
        instant(t, 'at').notNullable();
        json(t, 'before');
        json(t, 'after');
        json(t, 'details');
        t.integer('def_version');
        t.index(['entity', 'record_id', 'id'], 'ix_sc_audit_record');
      });

      await knex.schema.createTable('sc_outbox', (t) => {
        t.bigIncrements('id');
        t.text('kind').notNullable();
        json(t, 'payload').notNullable();
        t.text('idempotency_key').notNullable().unique({ indexName: 'ux_sc_outbox_key' });
        t.text('status').notNullable(); // pending | in_flight | done | dead
        t.integer('attempts').notNullable().defaultTo(0);
        instant(t, 'next_attempt_at').notNullable();
        instant(t, 'claimed_at');
        t.text('claim_token');
        t.text('last_error');
        instant(t, 'created_at').notNullable();
        instant(t, 'delivered_at');
        t.index(['status', 'next_attempt_at'], 'ix_sc_outbox_due');
      });

      await knex.schema.createTable('sc_alert', (t) => {
        t.bigIncrements('id');
        t.text('entity').notNullable();
        t.bigInteger('record_id');
        t.text('rule_id');
        t.text('code').notNullable();
        t.text('severity').notNullable(); // info | warning | critical
        json(t, 'message').notNullable();
        t.text('status').notNullable(); // open | acknowledged
        instant(t, 'created_at').notNullable();
        t.text('acknowledged_by');
        instant(t, 'acknowledged_at');
        t.index(['status', 'id'], 'ix_sc_alert_status');
        t.index(['entity', 'record_id'], 'ix_sc_alert_record');
      });

      // The catalog of entity tables the store manages: what applyDefinition compares the
      // definition with. Introspection differs per dialect (and loses the field behind a column),
      // the catalog does not.
      await knex.schema.createTable('sc_entity_table', (t) => {
        t.text('table_name').primary();
        t.text('entity').notNullable();
        t.text('parent_table');
        t.text('status').notNullable(); // active | dropped
        t.integer('def_version');
      });
      await knex.schema.createTable('sc_entity_column', (t) => {
        t.text('table_name').notNullable();
        t.text('column_name').notNullable();
        t.text('kind').notNullable();
        t.text('role').notNullable(); // field | state | parent | dropped
        t.text('field_id');
        t.integer('def_version');
        t.primary(['table_name', 'column_name']);
      });
      await knex.schema.createTable('sc_entity_index', (t) => {
        t.text('index_name').primary();
        t.text('table_name').notNullable();
        json(t, 'columns').notNullable();
        t.boolean('is_unique').notNullable();
      });
    },
  },
  STOCK_MIGRATION,
  INTAKE_MIGRATION,
];

/**
 * A published definition is what records were decided under: the database refuses to change or
 * delete one, so not even a stray UPDATE from a console can rewrite history.
 */
async function immutablePublishedDefinitions(knex: Knex.Transaction, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await knex.raw(`CREATE TRIGGER tr_sc_definition_immutable BEFORE UPDATE ON sc_definition
      WHEN OLD.status = 'published'
      BEGIN SELECT RAISE(ABORT, 'STORE_IMMUTABLE: published definitions cannot be changed'); END`);
    await knex.raw(`CREATE TRIGGER tr_sc_definition_undeletable BEFORE DELETE ON sc_definition
      WHEN OLD.status = 'published'
      BEGIN SELECT RAISE(ABORT, 'STORE_IMMUTABLE: published definitions cannot be deleted'); END`);
    return;
  }
  await knex.raw(`CREATE FUNCTION sc_definition_immutable() RETURNS trigger AS $$
    BEGIN
      IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'STORE_IMMUTABLE: published definitions cannot be changed or deleted';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await knex.raw(`CREATE TRIGGER tr_sc_definition_immutable BEFORE UPDATE OR DELETE ON sc_definition
    FOR EACH ROW EXECUTE FUNCTION sc_definition_immutable()`);
}
