import type { Knex } from 'knex';
import type { AppDefinition } from '@statecraft/schema';
import { ActiveModel } from './active-model.ts';
import { AlertRepository } from './alert.repository.ts';
import { ApiTokenRepository } from './api-token.repository.ts';
import { AuditRepository } from './audit.repository.ts';
import type { Dialect } from './column-types.ts';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';
import { createKnex, isMemoryDatabase, parseStoreUrl, type OpenStoreOptions } from './connection.ts';
import { isAcquireTimeout, busyError, type Db } from './db.ts';
import { DefinitionRepository } from './definition.repository.ts';
import { readCatalog } from './entity-catalog.ts';
import { buildAppModel, type AppModel } from './entity-model.ts';
import { applyEntityTables, planSchema, validateOptions, type ApplyDefinitionOptions, type SchemaPlan } from './entity-tables.ts';
import { lockSchema, migrateSystemTables } from './migrator.ts';
import { OutboxRepository } from './outbox.repository.ts';
import { RecordRepository } from './record.repository.ts';
import { SessionRepository } from './session.repository.ts';
import { sqliteTransaction } from './sqlite-transaction.ts';
import { StockRepository } from './stock.repository.ts';
import { UserRepository } from './user.repository.ts';

/** The repositories, bound either to the store or to one transaction. */
export interface StoreRepositories {
  readonly records: RecordRepository;
  readonly audit: AuditRepository;
  readonly outbox: OutboxRepository;
  readonly alerts: AlertRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly tokens: ApiTokenRepository;
  readonly definitions: DefinitionRepository;
  /** The central stock pool: stock, reservations, shortages, movements, WMS sync runs. */
  readonly stock: StockRepository;
}

/** A database transaction: everything done through it commits or rolls back together. */
export interface StoreTransaction extends StoreRepositories {
  readonly knex: Knex.Transaction;
  readonly dialect: Dialect;
  /** Creates/alters entity tables inside this transaction; records use the new layout after commit. */
  applyDefinition(def: AppDefinition, options: ApplyDefinitionOptions): Promise<SchemaPlan>;
}

/** An open store. */
export interface Store extends StoreRepositories {
  readonly knex: Knex;
  readonly dialect: Dialect;
  /** The table layout of the last applied definition (null before the first). */
  readonly model: AppModel | null;
  /** Creates or upgrades the system tables. Idempotent; call on every start. */
  migrate(): Promise<void>;
  /**
   * Runs `fn` in one transaction: record writes, audit rows, alerts and outbox rows all commit
   * or all roll back. Use `tx.*` inside, not `store.*` (on SQLite the transaction holds the only
   * connection).
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /**
   * Brings the entity tables in line with a definition and makes it the one records use. Adding
   * entities and fields is automatic; dropping or retyping fields needs `allowDestructive`
   * (otherwise STORE_DESTRUCTIVE_CHANGE), and keeps the old data in a renamed column.
   */
  applyDefinition(def: AppDefinition, options: ApplyDefinitionOptions): Promise<SchemaPlan>;
  /** What applyDefinition would change, without changing anything (for a publish preview). */
  planDefinition(def: AppDefinition, options: ApplyDefinitionOptions): Promise<SchemaPlan>;
  close(): Promise<void>;
}

function repositories(db: Db, dialect: Dialect, active: ActiveModel): StoreRepositories {
  return {
    records: new RecordRepository(db, active),
    audit: new AuditRepository(db),
    outbox: new OutboxRepository(db, dialect),
    alerts: new AlertRepository(db),
    users: new UserRepository(db),
    sessions: new SessionRepository(db),
    tokens: new ApiTokenRepository(db),
    definitions: new DefinitionRepository(db, dialect),
    stock: new StockRepository(db, dialect),
  };
}

async function applyIn(trx: Knex.Transaction, dialect: Dialect, def: AppDefinition, options: ApplyDefinitionOptions): Promise<{ plan: SchemaPlan; model: AppModel }> {
  validateOptions(options);
  const model = buildAppModel(def);
  await lockSchema(trx, dialect, 'entity-tables');
  const plan = await applyEntityTables(trx, dialect, model, options);
  return { plan, model };
}

/**
 * Opens a store: `sqlite:<path>` (WAL, busy_timeout 5000, synchronous NORMAL, foreign keys on,
 * one connection = one writer), `sqlite::memory:`, or `postgres://…` (a pool). Call `migrate()`
 * before use, then `applyDefinition()` with the published definition.
 *
 * @example
 * const store = await openStore('sqlite:./data/statecraft.db');
 * await store.migrate();
 * await store.applyDefinition(published.definition, { defVersion: published.version });
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url);
  const { knex, dialect } = createKnex(target, options);
  let checkpointer: WalCheckpointer | null = null;
  if (target.dialect === 'sqlite' && !isMemoryDatabase(target.filename)) {
    // The connection first: it creates the file and switches it to WAL before the thread opens it.
    await knex.raw('SELECT 1');
    checkpointer = startWalCheckpointer(target.filename);
  }
  const active = new ActiveModel(null, dialect);

  const store: Store = {
    knex,
    dialect,
    get model() {
      return active.current;
    },
    ...repositories(knex, dialect, active),
    async migrate() {
      await migrateSystemTables(knex, dialect);
    },
    async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      const txActive = new ActiveModel(active.current, dialect);
      let applied: AppModel | null = null;
      try {
        const run = async (trx: Knex.Transaction) => {
          const tx: StoreTransaction = {
            knex: trx,
            dialect,
            ...repositories(trx, dialect, txActive),
            async applyDefinition(def, opts) {
              const { plan, model } = await applyIn(trx, dialect, def, opts);
              txActive.set(model);
              applied = model;
              return plan;
            },
          };
          return fn(tx);
        };
        const result = dialect === 'sqlite' ? await sqliteTransaction(knex, run) : await knex.transaction(run);
        if (applied) active.set(applied);
        return result;
      } catch (err) {
        if (isAcquireTimeout(err)) throw busyError(err);
        throw err;
      }
    },
    async applyDefinition(def, opts) {
      const { plan, model } = await knex.transaction((trx) => applyIn(trx, dialect, def, opts));
      active.set(model);
      return plan;
    },
    async planDefinition(def, opts) {
      validateOptions(opts);
      return planSchema(buildAppModel(def), await readCatalog(knex), dialect, opts.defVersion);
    },
    async close() {
      await checkpointer?.stop();
      await knex.destroy();
    },
  };
  return store;
}
