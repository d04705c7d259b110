// @statecraft/store: knex over better-sqlite3 and pg. See README.md for the tour.

export { openStore, type Store, type StoreTransaction, type StoreRepositories } from './store.ts';
export { parseStoreUrl, type OpenStoreOptions, type StoreTarget } from './connection.ts';
export { StoreError, isStoreError, STORE_ERROR_CODES, type StoreErrorCode } from './store-error.ts';
export type { Dialect } from './column-types.ts';
export type { TxLike } from './tx-like.ts';

// Records
export type { RecordData, RecordEnvelope, RecordHold, WriteMeta } from './record-envelope.ts';
export { RecordRepository, type RecordPage, type UpdateOptions, type HoldMeta } from './record.repository.ts';
export type { RecordFilter, RecordSort, ListOptions, FilterOp } from './record-query.ts';
export { FILTER_OPS } from './record-query.ts';
// Hand-written statements for hot reads outside the repositories (the alert rules' facts)
export { queryRows, queryValues, ident, placeholders } from './sql-statement.ts';

// Entity tables
export { buildAppModel, entityTable, type AppModel, type EntityModel, type FieldModel } from './entity-model.ts';
export { planSchema, type SchemaPlan, type SchemaChange, type ApplyDefinitionOptions } from './entity-tables.ts';

// Audit
export { AuditRepository, type AuditEntry, type AuditEntryInput, type AuditAction } from './audit.repository.ts';
export { diffRecordData, type RecordDiff } from './record-diff.ts';

// Outbox
export { OutboxRepository, type OutboxEnqueue, type OutboxMessage, type OutboxStatus, type ClaimedMessage } from './outbox.repository.ts';
export { OutboxDispatcher, OutboxDeferral, type OutboxDispatcherOptions, type OutboxHandler, type DispatchReport } from './outbox.dispatcher.ts';
export { backoffCeiling, backoffDelay, type BackoffOptions } from './backoff.ts';

// People and definitions
export { UserRepository, type User, type NewUser, type UserPatch } from './user.repository.ts';
export { SessionRepository, type Session } from './session.repository.ts';
export { ApiTokenRepository, type ApiToken, type NewApiToken } from './api-token.repository.ts';
export { hashToken } from './token-hash.ts';
export { DefinitionRepository, type DraftDefinition, type PublishedDefinition, type DefinitionVersion, type AppSummary } from './definition.repository.ts';
export { AlertRepository, type Alert, type NewAlert, type AlertSeverity, type AlertStatus } from './alert.repository.ts';

// Stock: the central pool, reservations by order line, shortages, movements, WMS sync runs
export {
  StockRepository,
  DEFAULT_WAREHOUSE,
  type StockLevel,
  type StockLine,
  type Reservation,
  type ReservationStatus,
  type ShortLine,
  type ReserveOutcome,
  type ReserveInput,
  type StockAdjustment,
  type StockSettings,
  type StockMovement,
  type WmsSnapshotResult,
  type WmsSyncRun,
  type StockReconciliation,
} from './stock.repository.ts';
