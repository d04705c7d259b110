import type { Knex } from 'knex';
import { addKindColumn, type Dialect } from './column-types.ts';
import type { SystemMigration } from './system-tables.ts';

type Table = Knex.CreateTableBuilder;

/**
 * The central stock pool (中央库存池): stock per SKU and warehouse, reservations keyed by order
 * line, shortages, the movement log and the WMS sync runs. Appended to SYSTEM_MIGRATIONS.
 */
export const STOCK_MIGRATION: SystemMigration = {
  version: 2,
  name: 'stock pool',
  async up(knex, dialect) {
    const instant = (t: Table, name: string) => addKindColumn(t, name, 'datetime', dialect);

    await knex.schema.createTable('sc_stock', (t) => {
      t.text('sku_code').notNullable();
      t.text('warehouse').notNullable();
      t.bigInteger('on_hand').notNullable().defaultTo(0);
      t.bigInteger('reserved').notNullable().defaultTo(0);
      t.bigInteger('safety_stock').notNullable().defaultTo(0);
      t.boolean('presale_enabled').notNullable().defaultTo(false);
      t.bigInteger('presale_cap').notNullable().defaultTo(0);
      addKindColumn(t, 'presale_ship_date', 'date', dialect);
      instant(t, 'updated_at').notNullable();
      t.primary(['sku_code', 'warehouse']);
      // reserved ≤ on_hand cannot be a CHECK: the WMS sync sets on_hand to the warehouse's real
      // count, which may drop below what is reserved. The trigger below guards reservations.
      t.check('?? >= 0', ['reserved'], 'ck_sc_stock_reserved');
      t.check('?? >= 0', ['safety_stock'], 'ck_sc_stock_safety');
      t.check('?? >= 0', ['presale_cap'], 'ck_sc_stock_presale_cap');
    });
    await noOversellTrigger(knex, dialect);

    await knex.schema.createTable('sc_stock_reservation', (t) => {
      t.bigIncrements('id');
      t.text('entity').notNullable();
      t.bigInteger('record_id').notNullable();
      t.text('line_key').notNullable();
      t.text('sku_code').notNullable();
      t.text('warehouse').notNullable();
      t.bigInteger('qty').notNullable();
      t.text('status').notNullable(); // active | released | committed
      t.boolean('presale').notNullable().defaultTo(false);
      instant(t, 'created_at').notNullable();
      instant(t, 'updated_at').notNullable();
      t.unique(['entity', 'record_id', 'line_key'], { indexName: 'ux_sc_stock_reservation_line' });
      t.index(['sku_code', 'warehouse', 'status'], 'ix_sc_stock_reservation_sku');
      t.check('?? > 0', ['qty'], 'ck_sc_stock_reservation_qty');
    });

    await knex.schema.createTable('sc_stock_shortage', (t) => {
      t.bigIncrements('id');
      t.text('entity').notNullable();
      t.bigInteger('record_id').notNullable();
      t.text('sku_code').notNullable();
      t.text('warehouse').notNullable();
      t.bigInteger('requested').notNullable();
      t.bigInteger('available').notNullable();
      instant(t, 'created_at').notNullable();
      t.index(['entity', 'record_id'], 'ix_sc_stock_shortage_record');
      t.index(['sku_code', 'warehouse'], 'ix_sc_stock_shortage_sku');
    });

    await knex.schema.createTable('sc_stock_movement', (t) => {
      t.bigIncrements('id');
      t.text('sku_code').notNullable();
      t.text('warehouse').notNullable();
      t.text('kind').notNullable(); // adjust | wms_sync | ship | settings
      t.bigInteger('delta').notNullable();
      t.bigInteger('on_hand_after').notNullable();
      t.text('reason');
      t.text('actor');
      t.text('ref');
      instant(t, 'at').notNullable();
      t.index(['sku_code', 'warehouse', 'id'], 'ix_sc_stock_movement_sku');
    });

    await knex.schema.createTable('sc_wms_sync_run', (t) => {
      t.bigIncrements('id');
      t.text('warehouse').notNullable();
      t.text('status').notNullable(); // running | ok | failed
      instant(t, 'started_at').notNullable();
      instant(t, 'finished_at');
      t.integer('skus_seen').notNullable().defaultTo(0);
      t.integer('skus_changed').notNullable().defaultTo(0);
      t.bigInteger('drift_units').notNullable().defaultTo(0);
      addKindColumn(t, 'drift', 'json', dialect);
      t.text('error');
    });
  },
};

/**
 * The backstop behind the conditional reservation: the database refuses any write that raises
 * `reserved` above `on_hand` (plus the presale cap when presale is on). Lowering on hand (WMS
 * sync, adjustments) is allowed: that is drift to report, not an oversell by us.
 */
async function noOversellTrigger(knex: Knex.Transaction, dialect: Dialect): Promise<void> {
  const limit = (row: string) => `${row}.on_hand + (CASE WHEN ${row}.presale_enabled THEN ${row}.presale_cap ELSE 0 END)`;
  if (dialect === 'sqlite') {
    await knex.raw(`CREATE TRIGGER tr_sc_stock_no_oversell BEFORE UPDATE OF reserved ON sc_stock
      WHEN NEW.reserved > OLD.reserved AND NEW.reserved > ${limit('NEW')}
      BEGIN SELECT RAISE(ABORT, 'STOCK_OVERSOLD: a reservation would exceed the stock on hand'); END`);
    return;
  }
  await knex.raw(`CREATE FUNCTION sc_stock_no_oversell() RETURNS trigger AS $$
    BEGIN
      IF NEW.reserved > OLD.reserved AND NEW.reserved > ${limit('NEW')} THEN
        RAISE EXCEPTION 'STOCK_OVERSOLD: a reservation would exceed the stock on hand';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await knex.raw(`CREATE TRIGGER tr_sc_stock_no_oversell BEFORE UPDATE ON sc_stock
    FOR EACH ROW EXECUTE FUNCTION sc_stock_no_oversell()`);
}
