import type { Db } from './db.ts';
import { decodeJson, encodeJson } from './json-column.ts';
import type { RecordData } from './record-envelope.ts';
import { queryRows } from './sql-statement.ts';
import { StoreError } from './store-error.ts';
import { knexOf, type TxLike } from './tx-like.ts';
import { normaliseInstant } from './value-codec.ts';

/** What happened to a record. Open-ended: the server may add its own actions. */
export type AuditAction = 'create' | 'update' | 'transition' | 'event' | 'hold' | 'release' | 'delete' | (string & {});

/** A line of a record's history, as appended. */
export interface AuditEntryInput {
  entity: string;
  recordId: number;
  action: AuditAction;
  /** The transition taken (action transition/event). */
  transition?: string | null;
  /** The acting user id; null for the system. */
  actor: string | null;
  at: string;
  /** Changed keys only, old and new values: see diffRecordData. */
  before?: RecordData | null;
  after?: RecordData | null;
  /** Anything else worth keeping: automatic steps, fired rules, effects. */
  details?: unknown;
  defVersion?: number | null;
}

/** A stored line of a record's history. */
export interface AuditEntry {
  id: number;
  entity: string;
  recordId: number;
  action: string;
  transition: string | null;
  actor: string | null;
  at: string;
  before: RecordData | null;
  after: RecordData | null;
  details: unknown;
  defVersion: number | null;
}

function toEntry(row: Record<string, unknown>): AuditEntry {
  return {
    id: Number(row.id),
    entity: row.entity as string,
    recordId: Number(row.record_id),
    action: row.action as string,
    transition: (row.transition_id as string | null) ?? null,
    actor: (row.actor as string | null) ?? null,
    at: String(row.at),
    before: decodeJson(row.before) as RecordData | null,
    after: decodeJson(row.after) as RecordData | null,
    details: decodeJson(row.details),
    defVersion: row.def_version === null || row.def_version === undefined ? null : Number(row.def_version),
  };
}

const AUDIT_INSERT =
  'INSERT INTO "sc_audit" ("entity", "record_id", "action", "transition_id", "actor", "at", "before", "after", "details", "def_version") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"';

/**
 * The audit trail (sc_audit): who did what to which record, when, under which definition.
 * Appended in the same transaction as the change it describes.
 */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /**
   * Appends an entry in the given transaction.
   *
   * @example
   * await store.audit.append(tx, { entity: 'order', recordId: 7, action: 'transition', transition: 'approve',
   *   actor: 'u1', at: now, ...diffRecordData(before.data, after.data), defVersion: 3 });
   */
  async append(tx: TxLike, entry: AuditEntryInput): Promise<AuditEntry> {
    if (!entry || typeof entry.entity !== 'string' || entry.entity === '') {
      throw new StoreError('STORE_INVALID_ARGUMENT', 'An audit entry needs "entity", the entity id.', { field: 'entity' });
    }
    if (!Number.isSafeInteger(entry.recordId)) throw new StoreError('STORE_INVALID_ARGUMENT', 'An audit entry needs "recordId", the record id.', { field: 'recordId' });
    if (typeof entry.action !== 'string' || entry.action === '') throw new StoreError('STORE_INVALID_ARGUMENT', 'An audit entry needs "action" (create, update, transition, hold, release…).', { field: 'action' });
    const row = {
      entity: entry.entity,
      record_id: entry.recordId,
      action: entry.action,
      transition_id: entry.transition ?? null,
      actor: entry.actor ?? null,
      at: normaliseInstant(entry.at, 'at'),
      before: encodeJson(entry.before),
      after: encodeJson(entry.after),
      details: encodeJson(entry.details),
      def_version: entry.defVersion ?? null,
    };
    const [inserted] = await queryRows(knexOf(tx), AUDIT_INSERT, [row.entity, row.record_id, row.action, row.transition_id, row.actor, row.at, row.before, row.after, row.details, row.def_version]);
    // Built from the input rather than decoded back from the row: the JSON round trip is wasted work.
    return {
      id: Number((inserted as { id: unknown }).id),
      entity: row.entity,
      recordId: row.record_id,
      action: row.action,
      transition: row.transition_id,
      actor: row.actor,
      at: row.at,
      before: entry.before ?? null,
      after: entry.after ?? null,
      details: entry.details ?? null,
      defVersion: row.def_version,
    };
  }

  /**
   * A record's history, oldest first.
   *
   * @example const timeline = await store.audit.listForRecord('order', 7)
   */
  async listForRecord(entity: string, recordId: number): Promise<AuditEntry[]> {
    const rows = await this.db('sc_audit').where({ entity, record_id: recordId }).orderBy([{ column: 'at' }, { column: 'id' }]);
    return rows.map(toEntry);
  }
}
