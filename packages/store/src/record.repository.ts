import type { Knex } from 'knex';
import type { ActiveModel } from './active-model.ts';
import { inTransaction, isUniqueViolation, translateDbError, type Db } from './db.ts';
import type { EntityModel } from './entity-model.ts';
import { bulkInsert } from './record-bulk-insert.ts';
import { checkMeta, encodeHold, type EntityCodec } from './record-codec.ts';
import type { RecordData, RecordEnvelope, RecordHold, WriteMeta } from './record-envelope.ts';
import { insertLines, loadLines, replaceLines } from './record-lines.ts';
import { applyCursor, applyFilters, applySort, checkLimit, encodeCursor, resolveSort, type ListOptions, type RecordFilter } from './record-query.ts';
import { execute, ident, insertRow, placeholders, queryRows } from './sql-statement.ts';
import { StoreError } from './store-error.ts';
import { normaliseInstant } from './value-codec.ts';

/** One page of a list: the records and the cursor of the next page (null on the last page). */
export interface RecordPage {
  items: RecordEnvelope[];
  next: string | null;
}

/** Options of `update`: set or release the hold in the same write (one version step). */
export interface UpdateOptions {
  hold?: RecordHold | null;
  /**
   * The record as the caller read it at `expectedVersion`. When given, and no lines field is being
   * replaced, the written record is built from it and the patch instead of being read back: the
   * version check already proves nobody changed it in between. Saves two queries per command.
   */
  previous?: RecordEnvelope;
}

/** Who/when of a hold change, and optionally the version the caller saw. */
export interface HoldMeta {
  actor?: string | null;
  now?: string;
  expectedVersion?: number;
}

/**
 * A unique index said no (a unique field, or a dedupe key such as channel + source order id):
 * STORE_DUPLICATE naming the fields. On PostgreSQL the surrounding transaction is aborted by
 * then, so a caller inside `store.transaction` retries the whole transaction.
 */
function duplicateRecord(err: unknown, active: ActiveModel, model: EntityModel): never {
  if (!isUniqueViolation(err)) translateDbError(err);
  const e = err as { constraint?: string; message?: string; table?: string };
  const all = [...(active.current?.entities.values() ?? [])];
  const byIndex = all.flatMap((m) => m.indexes.map((ix) => ({ m, ix }))).find(({ ix }) => ix.name === e.constraint);
  let entity = byIndex?.m ?? model;
  let columns = byIndex?.ix.columns ?? [];
  const sqlite = /UNIQUE constraint failed: (.+)$/.exec(e.message ?? '');
  if (sqlite) {
    const parts = sqlite[1]!.split(',').map((p) => p.trim().split('.'));
    entity = all.find((m) => m.table === parts[0]?.[0]) ?? model;
    columns = parts.map((p) => p[1] ?? '');
  }
  const fields = [...new Set(columns.map((c) => entity.columns.find((col) => col.column === c)?.field ?? c))];
  throw new StoreError(
    'STORE_DUPLICATE',
    `A ${entity.id} record with the same ${fields.join(' + ') || 'unique value'} already exists: look it up instead of creating it again, or change ${fields.join(', ')}.`,
    { entity: entity.id, fields },
    { cause: err },
  );
}

function checkId(id: unknown, what = 'id'): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
    throw new StoreError('STORE_INVALID_ARGUMENT', `${what} must be a record id (a positive integer); got ${JSON.stringify(id)}.`, { field: what });
  }
  return id;
}

/** SQL texts per entity model, by a short key: see `sameText`. */
const sqlTexts = new WeakMap<EntityModel, Map<string, string>>();
// Enough for every column set an entity's updates use; a definition with more starts over.
const MAX_SQL_TEXTS = 500;

/**
 * The same string object for the same statement: the connection finds its prepared statement by
 * the SQL text, and a string built anew is hashed anew (an order's INSERT is 1.5 KB) where a
 * string seen before has its hash kept. `key` (short) stands for the text `build` makes.
 */
function sameText(model: EntityModel, key: string, build: () => string): string {
  let texts = sqlTexts.get(model);
  if (!texts || texts.size >= MAX_SQL_TEXTS) sqlTexts.set(model, (texts = new Map()));
  let text = texts.get(key);
  if (text === undefined) texts.set(key, (text = build()));
  return text;
}

/**
 * Reads and writes the records of every entity of the applied definition. Bound to the store
 * (each write in its own transaction) or to a transaction (`tx.records`, all-or-nothing with the
 * rest of `tx`).
 *
 * @example
 * const order = await tx.records.insert('order', { order_no: 'TB-1', lines: [{ sku: 'A', qty: 2 }] }, { actor: 'u1', now, defVersion: 3 });
 * await tx.records.update('order', order.id, order.version, { remark: '加急' }, { actor: 'u1', now, defVersion: 3 });
 */
export class RecordRepository {
  constructor(
    private readonly db: Db,
    private readonly active: ActiveModel,
  ) {}

  private entity(entity: string, writable = false): { model: EntityModel; codec: EntityCodec } {
    const found = this.active.entity(entity);
    if (writable && found.model.parent) {
      const p = found.model.parent;
      throw new StoreError('STORE_INVALID_ARGUMENT', `"${entity}" records are the lines of ${p.entity}.${p.field}: write them through the ${p.entity} record's "${p.field}" array.`, { entity });
    }
    return found;
  }

  /**
   * Inserts a record (and its lines) with version 1.
   *
   * @example await store.records.insert('order', { order_no: 'JD-88', paid: 12900 }, { actor: null, now: '2024-11-11T00:00:00Z', defVersion: 1 })
   */
  async insert(entity: string, data: RecordData, meta: WriteMeta): Promise<RecordEnvelope> {
    const { model, codec } = this.entity(entity, true);
    const m = checkMeta(meta);
    codec.checkKeys(data, entity);
    // SYSTEM_COLUMNS, then the data columns: the order of codec.insertSql.
    const values = codec.encodeRow(data, entity, [1, m.defVersion, m.now, m.now, m.actor, m.actor, null]);
    return inTransaction(this.db, async (trx) => {
      const id = (await insertRow(trx, codec.insertSql, values))!;
      const lines = await insertLines(trx, this.active, model, id, data, m, entity);
      // The record as a read would return it, decoded from what was written: no read-back.
      return codec.decodeEnvelope(codec.rowFrom(id, values), lines);
    }).catch((err) => duplicateRecord(err, this.active, model));
  }

  /**
   * Inserts many records (with lines) in one transaction, validating them all first; returns
   * their ids in input order. The intake path for channel pulls and imports.
   *
   * @example const ids = await store.records.insertMany('order', orders, { actor: 'intake', now, defVersion: 1 })
   */
  async insertMany(entity: string, rows: RecordData[], meta: WriteMeta): Promise<number[]> {
    const { model } = this.entity(entity, true);
    if (!Array.isArray(rows)) throw new StoreError('STORE_INVALID_ARGUMENT', 'insertMany takes an array of record data.', { field: 'rows' });
    const m = checkMeta(meta);
    return inTransaction(this.db, (trx) => bulkInsert(trx, this.active, entity, rows, m)).catch((err) => duplicateRecord(err, this.active, model));
  }

  /** The record, or null when there is none with that id. */
  async find(entity: string, id: number): Promise<RecordEnvelope | null> {
    const { model, codec } = this.entity(entity);
    checkId(id);
    return (await this.read(this.db, model, codec, [id]).catch(translateDbError))[0] ?? null;
  }

  /**
   * The record, or StoreError STORE_RECORD_NOT_FOUND (404).
   *
   * @example const order = await store.records.get('order', 7)
   */
  async get(entity: string, id: number): Promise<RecordEnvelope> {
    const found = await this.find(entity, id);
    if (!found) throw new StoreError('STORE_RECORD_NOT_FOUND', `There is no ${entity} record with id ${id}: it may have been deleted; reload the list.`, { entity, id });
    return found;
  }

  /** The records with these ids that exist, in the order of `ids`. */
  async getMany(entity: string, ids: number[]): Promise<RecordEnvelope[]> {
    const { model, codec } = this.entity(entity);
    ids.forEach((id, i) => checkId(id, `ids[${i}]`));
    const found: RecordEnvelope[] = [];
    for (let i = 0; i < ids.length; i += 500) found.push(...(await this.read(this.db, model, codec, ids.slice(i, i + 500)).catch(translateDbError)));
    const byId = new Map(found.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is RecordEnvelope => r !== undefined);
  }

  private async read(db: Db, model: EntityModel, codec: EntityCodec, ids: number[]): Promise<RecordEnvelope[]> {
    const rows = await queryRows(db, `SELECT * FROM ${ident(model.table)} WHERE "id" ${ids.length === 1 ? '= ?' : `IN (${placeholders(ids.length)})`}`, ids);
    return this.envelopes(db, model, codec, rows);
  }

  private async envelopes(db: Db, model: EntityModel, codec: EntityCodec, rows: Record<string, unknown>[]): Promise<RecordEnvelope[]> {
    const lines = await loadLines(db, this.active, model, rows.map((r) => Number(r.id)));
    return rows.map((row) => codec.decodeEnvelope(row, lines.get(Number(row.id))));
  }

  /**
   * Writes the fields present in `data` if the record is still at `expectedVersion`, and bumps the
   * version. Lines fields present in `data` replace the record's lines. A stale version fails with
   * STORE_VERSION_CONFLICT (409): reload the record and decide again.
   *
   * @example await tx.records.update('order', 7, 3, { status: 'reviewed' }, meta, { hold: null })
   */
  async update(entity: string, id: number, expectedVersion: number, data: RecordData, meta: WriteMeta, options: UpdateOptions = {}): Promise<RecordEnvelope> {
    const { model, codec } = this.entity(entity, true);
    checkId(id);
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 1) {
      throw new StoreError('STORE_INVALID_ARGUMENT', `expectedVersion must be the version of the record you read (an integer ≥ 1); got ${JSON.stringify(expectedVersion)}.`, { field: 'expectedVersion' });
    }
    const m = checkMeta(meta);
    codec.checkKeys(data, entity);
    const set: Record<string, unknown> = { ...codec.encodePatch(data, entity), _def_version: m.defVersion, _updated_at: m.now, _updated_by: m.actor };
    if (options.hold !== undefined) set._hold = encodeHold(options.hold);
    const previous = options.previous;
    const rebuild = previous !== undefined && previous.id === id && previous.version === expectedVersion && !model.lines.some((l) => l.field in data);
    return inTransaction(this.db, async (trx) => {
      await this.bump(trx, model, id, expectedVersion, set);
      if (rebuild) {
        return {
          ...previous,
          version: expectedVersion + 1,
          defVersion: m.defVersion,
          updatedAt: m.now,
          updatedBy: m.actor,
          hold: options.hold !== undefined ? options.hold : previous.hold,
          data: { ...previous.data, ...data },
        };
      }
      await replaceLines(trx, this.active, model, id, data, m, entity);
      return (await this.read(trx, model, codec, [id]))[0]!;
    }).catch((err) => duplicateRecord(err, this.active, model));
  }

  /** `UPDATE … WHERE id = ? AND _version = ?`; no row means missing or stale, told apart here. */
  private async bump(trx: Knex.Transaction, model: EntityModel, id: number, expectedVersion: number | undefined, set: Record<string, unknown>): Promise<void> {
    const columns = Object.keys(set);
    const versioned = expectedVersion !== undefined;
    const sql = sameText(model, `update ${versioned} ${columns.join(',')}`, () => {
      const assignments = columns.map((c) => `${ident(c)} = ?, `).join('');
      return `UPDATE ${ident(model.table)} SET ${assignments}"_version" = "_version" + 1 WHERE "id" = ?${versioned ? ' AND "_version" = ?' : ''}`;
    });
    const values = columns.map((c) => set[c]);
    values.push(id);
    if (versioned) values.push(expectedVersion);
    const changed = await execute(trx, sql, values);
    if (changed === 1) return;
    const current = await trx(model.table).where({ id }).first('_version');
    if (!current) throw new StoreError('STORE_RECORD_NOT_FOUND', `There is no ${model.id} record with id ${id}: it may have been deleted; reload the list.`, { entity: model.id, id });
    throw new StoreError(
      'STORE_VERSION_CONFLICT',
      `${model.id} ${id} was changed by someone else: you read version ${expectedVersion}, it is now at version ${Number(current._version)}. Reload the record and try again.`,
      { entity: model.id, id, expectedVersion, currentVersion: Number(current._version) },
    );
  }

  /**
   * Puts a record on hold (暂停发货) or releases it (`null`); counts as a write (version + 1).
   *
   * @example await tx.records.setHold('order', 7, { reason: { 'zh-CN': '地址相似' }, at: now, by: 'rule:similar_address' })
   */
  async setHold(entity: string, id: number, hold: RecordHold | null, meta: HoldMeta = {}): Promise<RecordEnvelope> {
    const { model, codec } = this.entity(entity, true);
    checkId(id);
    const encoded = encodeHold(hold);
    const now = normaliseInstant(meta.now ?? hold?.at ?? new Date().toISOString(), 'meta.now');
    const set: Record<string, unknown> = { _hold: encoded, _updated_at: now, _updated_by: meta.actor ?? hold?.by ?? null };
    return inTransaction(this.db, async (trx) => {
      await this.bump(trx, model, id, meta.expectedVersion, set);
      return (await this.read(trx, model, codec, [id]))[0]!;
    }).catch(translateDbError);
  }

  /** Deletes a record (its lines go with it), optionally only at `expectedVersion`. */
  async delete(entity: string, id: number, expectedVersion?: number): Promise<void> {
    const { model } = this.entity(entity, true);
    checkId(id);
    await inTransaction(this.db, async (trx) => {
      const query = trx(model.table).where({ id });
      if (expectedVersion !== undefined) query.andWhere({ _version: expectedVersion });
      if ((await query.delete()) === 1) return;
      const current = await trx(model.table).where({ id }).first('_version');
      if (!current) throw new StoreError('STORE_RECORD_NOT_FOUND', `There is no ${entity} record with id ${id}.`, { entity, id });
      throw new StoreError('STORE_VERSION_CONFLICT', `${entity} ${id} was changed by someone else (now at version ${Number(current._version)}): reload it before deleting.`, { entity, id, expectedVersion, currentVersion: Number(current._version) });
    }).catch(translateDbError);
  }

  /**
   * One page of records matching the filters, in sort order, after the cursor. Keyset
   * pagination: pages stay fast and stable however deep you go.
   *
   * @example
   * const page = await store.records.list('order', { filters: [{ field: 'ship_to.province', op: 'eq', value: '浙江省' }], sort: { field: 'paid_at', direction: 'desc' }, limit: 50 });
   * const page2 = await store.records.list('order', { …same, after: page.next });
   */
  async list(entity: string, options: ListOptions = {}): Promise<RecordPage> {
    const { model, codec } = this.entity(entity);
    const limit = checkLimit(options.limit);
    const keys = resolveSort(model, options.sort);
    const qb = this.db(model.table);
    applyFilters(qb, model, options.filters, this.active.dialect);
    if (options.after !== undefined && options.after !== null) applyCursor(qb, keys, options.after, this.active.dialect);
    applySort(qb, keys).limit(limit + 1);
    const rows = (await qb.catch(translateDbError)) as Record<string, unknown>[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const items = await this.envelopes(this.db, model, codec, page).catch(translateDbError);
    return { items, next: more ? encodeCursor(keys, page[page.length - 1]!) : null };
  }

  /** How many records match the filters. */
  async count(entity: string, filters: RecordFilter[] = []): Promise<number> {
    const { model } = this.entity(entity);
    const qb = this.db(model.table);
    applyFilters(qb, model, filters, this.active.dialect);
    const row = await qb.count({ n: '*' }).first().catch(translateDbError);
    return Number((row as { n: unknown } | undefined)?.n ?? 0);
  }
}
