import type { Db } from './db.ts';
import { decodeJson, encodeJson } from './json-column.ts';
import type { RecordData } from './record-envelope.ts';
import { dialectOf, execute, insertRow, insertRowsSqlite, queryRows } from './sql-statement.ts';
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

/** An entry's column values in AUDIT_COLUMNS order, checked. */
function auditRow(entry: AuditEntryInput): unknown[] {
  if (!entry || typeof entry.entity !== 'string' || entry.entity === '') {
    throw new StoreError('STORE_INVALID_ARGUMENT', 'An audit entry needs "entity", the entity id.', { field: 'entity' });
  }
  if (!Number.isSafeInteger(entry.recordId)) throw new StoreError('STORE_INVALID_ARGUMENT', 'An audit entry needs "recordId", the record id.', { field: 'recordId' });
  if (typeof entry.action !== 'string' || entry.action === '') throw new StoreError('STORE_INVALID_ARGUMENT', 'An audit entry needs "action" (create, update, transition, hold, release…).', { field: 'action' });
  return [
    entry.entity,
    entry.recordId,
    entry.action,
    entry.transition ?? null,
    entry.actor ?? null,
    normaliseInstant(entry.at, 'at'),
    encodeJson(entry.before),
    encodeJson(entry.after),
    encodeJson(entry.details),
    entry.defVersion ?? null,
  ];
}

const AUDIT_COLUMNS = '("entity", "record_id", "action", "transition_id", "actor", "at", "before", "after", "details", "def_version")';
const AUDIT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const AUDIT_INSERT = `INSERT INTO "sc_audit" ${AUDIT_COLUMNS} VALUES ${AUDIT_ROW}`;
const AUDIT_INSERT_MANY_HEAD = `INSERT INTO "sc_audit" ${AUDIT_COLUMNS} VALUES `;

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
    const row = auditRow(entry);
    const id = (await insertRow(knexOf(tx), AUDIT_INSERT, row))!;
    // Built from the input rather than decoded back from the row: the JSON round trip is wasted work.
    return {
      id,
      entity: entry.entity,
      recordId: entry.recordId,
      action: entry.action,
      transition: row[3] as string | null,
      actor: row[4] as string | null,
      at: row[5] as string,
      before: entry.before ?? null,
      after: entry.after ?? null,
      details: entry.details ?? null,
      defVersion: row[9] as number | null,
    };
  }

  /**
   * Appends many entries in the given transaction (bulk creation), with multi-row inserts on both
   * dialects. Every entry is checked before the first is written.
   *
   * @example await store.audit.appendMany(tx, created.map((r) => ({ entity: 'order', recordId: r.id, action: 'create', actor: 'u1', at: now, after: r.data })))
   */
  async appendMany(tx: TxLike, entries: AuditEntryInput[]): Promise<void> {
    const rows = entries.map(auditRow);
    const db = knexOf(tx);
    if (dialectOf(db) === 'sqlite') {
      await insertRowsSqlite(db, AUDIT_INSERT_MANY_HEAD, rows);
      return;
    }
    // 10 bindings a row; PostgreSQL takes at most 65,535 bindings a statement.
    for (let i = 0; i < rows.length; i += 3000) {
      const chunk = rows.slice(i, i + 3000);
      await execute(db, AUDIT_INSERT_MANY_HEAD + chunk.map(() => AUDIT_ROW).join(', '), chunk.flat());
    }
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
