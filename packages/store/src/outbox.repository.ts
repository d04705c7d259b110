import { randomUUID } from 'node:crypto';
import type { Dialect } from './column-types.ts';
import type { Db } from './db.ts';
import { decodeJson } from './json-column.ts';
import { insertRow } from './sql-statement.ts';
import { StoreError } from './store-error.ts';
import { knexOf, type TxLike } from './tx-like.ts';
import { normaliseInstant } from './value-codec.ts';

export type OutboxStatus = 'pending' | 'in_flight' | 'done' | 'dead';
const STATUSES: OutboxStatus[] = ['pending', 'in_flight', 'done', 'dead'];

// A known idempotency key inserts nothing and returns no row.
const OUTBOX_INSERT =
  'INSERT INTO "sc_outbox" ("kind", "payload", "idempotency_key", "status", "attempts", "next_attempt_at", "created_at") VALUES (?, ?, ?, \'pending\', 0, ?, ?) ON CONFLICT ("idempotency_key") DO NOTHING';

/** A message to deliver after the transaction that wrote it commits. */
export interface OutboxEnqueue {
  /** Which handler delivers it, e.g. `http_request`, `notify`. */
  kind: string;
  payload: unknown;
  /** Unique per message: enqueueing the same key twice is a no-op (and receivers can dedupe on it). */
  idempotencyKey: string;
  /** Not before this instant (default: now). */
  availableAt?: string;
  /** When it is written (default: the wall clock). */
  now?: string;
}

/** A stored outbox message. */
export interface OutboxMessage {
  id: number;
  kind: string;
  payload: unknown;
  idempotencyKey: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  claimedAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A message claimed for delivery, with the token that proves the claim. */
export interface ClaimedMessage extends OutboxMessage {
  claimToken: string;
}

function toMessage(row: Record<string, unknown>): OutboxMessage {
  return {
    id: Number(row.id),
    kind: row.kind as string,
    payload: decodeJson(row.payload),
    idempotencyKey: row.idempotency_key as string,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: String(row.next_attempt_at),
    claimedAt: (row.claimed_at as string | null) ?? null,
    lastError: (row.last_error as string | null) ?? null,
    createdAt: String(row.created_at),
    deliveredAt: (row.delivered_at as string | null) ?? null,
  };
}

/**
 * The transactional outbox (sc_outbox): external calls are written as rows in the same
 * transaction as the change that causes them, and delivered after commit by the
 * OutboxDispatcher. Nothing is sent for a change that rolled back; nothing is lost after one
 * that committed.
 */
export class OutboxRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Adds a message in the given transaction. A known idempotency key is a no-op.
   *
   * @example await store.outbox.enqueue(tx, { kind: 'http_request', payload: { url, body }, idempotencyKey: `order:7:push_wms` })
   *   // → { id: 12, duplicate: false }
   */
  async enqueue(tx: TxLike, message: OutboxEnqueue): Promise<{ id: number; duplicate: boolean }> {
    if (!message || typeof message.kind !== 'string' || message.kind === '') {
      throw new StoreError('STORE_INVALID_ARGUMENT', 'An outbox message needs "kind", the name of the handler that delivers it.', { field: 'kind' });
    }
    if (typeof message.idempotencyKey !== 'string' || message.idempotencyKey === '') {
      throw new StoreError('STORE_INVALID_ARGUMENT', 'An outbox message needs "idempotencyKey", unique per message (e.g. "order:7:push_wms").', { field: 'idempotencyKey' });
    }
    if (message.payload === undefined) throw new StoreError('STORE_INVALID_ARGUMENT', 'An outbox message needs a "payload" (null is allowed).', { field: 'payload' });
    const now = normaliseInstant(message.now ?? new Date().toISOString(), 'now');
    const availableAt = message.availableAt === undefined ? now : normaliseInstant(message.availableAt, 'availableAt');
    const db = knexOf(tx);
    const id = await insertRow(db, OUTBOX_INSERT, [message.kind, JSON.stringify(message.payload), message.idempotencyKey, availableAt, now]);
    if (id !== null) return { id, duplicate: false };
    const existing = await db('sc_outbox').where({ idempotency_key: message.idempotencyKey }).first('id');
    return { id: Number(existing.id), duplicate: true };
  }

  /** One message, or null. */
  async get(id: number): Promise<OutboxMessage | null> {
    const row = await this.db('sc_outbox').where({ id }).first();
    return row ? toMessage(row) : null;
  }

  /**
   * Messages, newest first, optionally of one status (e.g. the dead ones a person should look at).
   *
   * @example await store.outbox.list({ status: 'dead' })
   */
  async list(options: { status?: OutboxStatus; kind?: string; limit?: number; beforeId?: number } = {}): Promise<OutboxMessage[]> {
    if (options.status !== undefined && !STATUSES.includes(options.status)) {
      throw new StoreError('STORE_INVALID_ARGUMENT', `status must be one of ${STATUSES.join(', ')}; got ${JSON.stringify(options.status)}.`, { field: 'status' });
    }
    const qb = this.db('sc_outbox').orderBy('id', 'desc').limit(Math.min(Math.max(options.limit ?? 100, 1), 1000));
    if (options.status) qb.where({ status: options.status });
    if (options.kind) qb.where({ kind: options.kind });
    if (options.beforeId !== undefined) qb.where('id', '<', options.beforeId);
    return (await qb).map(toMessage);
  }

  /**
   * Sends a dead message round again: pending, attempts reset, due now.
   *
   * @example await store.outbox.retry(12)
   */
  async retry(id: number, options: { now?: string } = {}): Promise<OutboxMessage> {
    const now = normaliseInstant(options.now ?? new Date().toISOString(), 'now');
    const changed = await this.db('sc_outbox').where({ id, status: 'dead' }).update({ status: 'pending', attempts: 0, next_attempt_at: now, claimed_at: null, claim_token: null });
    const row = await this.db('sc_outbox').where({ id }).first();
    if (!row) throw new StoreError('STORE_NOT_FOUND', `There is no outbox message ${id}.`, { id });
    if (changed === 0) {
      throw new StoreError('STORE_INVALID_ARGUMENT', `Outbox message ${id} is ${row.status}, not dead: only dead messages can be retried (pending ones are retried automatically).`, { id, status: row.status });
    }
    return toMessage(row);
  }

  /**
   * Claims due messages for delivery: pending ones whose time has come, and in-flight ones whose
   * claim is older than the lease (their dispatcher died). On PostgreSQL `FOR UPDATE SKIP LOCKED`
   * lets several dispatchers claim side by side without ever taking the same row.
   */
  async claimDue(options: { now: string; leaseMs: number; limit: number; kinds: string[] }): Promise<ClaimedMessage[]> {
    if (options.kinds.length === 0) return [];
    const now = options.now;
    const leaseExpired = new Date(new Date(now).getTime() - options.leaseMs).toISOString();
    const claimToken = randomUUID();
    return this.db.transaction(async (trx) => {
      const due = trx('sc_outbox')
        .select('id')
        .whereIn('kind', options.kinds)
        .andWhere((w) => {
          w.where((p) => void p.where('status', 'pending').andWhere('next_attempt_at', '<=', now));
          w.orWhere((f) => void f.where('status', 'in_flight').andWhere('claimed_at', '<=', leaseExpired));
        })
        .orderBy([{ column: 'next_attempt_at' }, { column: 'id' }])
        .limit(options.limit);
      if (this.dialect === 'postgres') due.forUpdate().skipLocked();
      const ids = (await due).map((r: { id: unknown }) => Number(r.id));
      if (ids.length === 0) return [];
      await trx('sc_outbox')
        .whereIn('id', ids)
        .update({ status: 'in_flight', claimed_at: now, claim_token: claimToken, attempts: trx.raw('?? + 1', ['attempts']) });
      const rows = await trx('sc_outbox').whereIn('id', ids).orderBy('id');
      return rows.map((row: Record<string, unknown>) => ({ ...toMessage(row), claimToken }));
    });
  }

  /** Marks a claimed message delivered; false if the claim was lost (lease expired, re-claimed). */
  async markDone(message: ClaimedMessage, now: string): Promise<boolean> {
    const changed = await this.db('sc_outbox')
      .where({ id: message.id, status: 'in_flight', claim_token: message.claimToken })
      .update({ status: 'done', delivered_at: now, last_error: null, claim_token: null });
    return changed === 1;
  }

  /**
   * Puts a claimed message back to pending, due at `until`, giving back the attempt its claim
   * counted: the handler did not try, or the receiver asked it to wait. False if the claim was lost.
   */
  async markDeferred(message: ClaimedMessage, until: string, note: string): Promise<boolean> {
    const changed = await this.db('sc_outbox')
      .where({ id: message.id, status: 'in_flight', claim_token: message.claimToken })
      .update({
        status: 'pending',
        next_attempt_at: normaliseInstant(until, 'until'),
        last_error: note,
        claim_token: null,
        attempts: this.db.raw('CASE WHEN ?? > 0 THEN ?? - 1 ELSE 0 END', ['attempts', 'attempts']),
      });
    return changed === 1;
  }

  /** Schedules another attempt, or buries the message as dead (`nextAttemptAt` null). */
  async markFailed(message: ClaimedMessage, error: string, nextAttemptAt: string | null): Promise<boolean> {
    const update =
      nextAttemptAt === null
        ? { status: 'dead', last_error: error, claim_token: null }
        : { status: 'pending', last_error: error, next_attempt_at: nextAttemptAt, claim_token: null };
    const changed = await this.db('sc_outbox').where({ id: message.id, status: 'in_flight', claim_token: message.claimToken }).update(update);
    return changed === 1;
  }
}

