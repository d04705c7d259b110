import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import type { Reservation, ReservationStatus, StockLevel, StockMovement, WmsSyncRun } from '@statecraft/schema';
import type { Dialect } from './column-types.ts';
import { inTransaction, type Db } from './db.ts';
import { decodeJson } from './json-column.ts';
import { StoreError } from './store-error.ts';
import { execute, placeholders, queryRows } from './sql-statement.ts';
import { knexOf, type TxLike } from './tx-like.ts';
import { normaliseDate, normaliseInstant } from './value-codec.ts';

/** The warehouse used when none is named. */
export const DEFAULT_WAREHOUSE = 'main';

export type { StockLevel };

/** One order line to reserve: `key` is stable per line (the line's id), so reserving twice is a no-op. */
export interface StockLine {
  key: string;
  sku: string;
  qty: number;
}

export type { Reservation, ReservationStatus };

/** A SKU that could not be reserved: how much the order needs and how much was available. */
export interface ShortLine {
  sku: string;
  warehouse: string;
  requested: number;
  available: number;
}

export type ReserveOutcome =
  | {
      ok: true;
      /** The record's reservations that hold stock now (active or committed). */
      reservations: Reservation[];
      /** Lines reserved by this call (0 when everything was reserved before: a no-op). */
      newlyReserved: number;
      /** True when any line of the record is reserved against the presale cap. */
      presale: boolean;
      /** The latest expected ship date of its presale SKUs. */
      presaleShipDate: string | null;
    }
  | { ok: false; short: ShortLine[] };

export interface ReserveInput {
  entity: string;
  recordId: number;
  warehouse?: string;
  lines: StockLine[];
  now: string;
}

export interface StockAdjustment {
  sku: string;
  warehouse?: string;
  /** Change on hand by this much (received goods +, damage −) … */
  delta?: number;
  /** … or set it to a counted quantity. Exactly one of the two. */
  onHand?: number;
  reason: string;
  actor: string;
  now: string;
  ref?: string;
}

export interface StockSettings {
  sku: string;
  warehouse?: string;
  safetyStock?: number;
  presale?: { enabled: boolean; cap?: number; shipDate?: string | null };
  actor: string;
  now: string;
}

export type { StockMovement };

/** What one WMS snapshot changed: on hand per SKU set to the warehouse's count. */
export interface WmsSnapshotResult {
  seen: number;
  changed: number;
  /** Σ |warehouse − ours| over the SKUs that differed. */
  driftUnits: number;
  drift: { sku: string; before: number | null; after: number }[];
}

export type { WmsSyncRun };

/** The invariant check: Σ active reservations = reserved, and reserved ≤ on hand (+ presale cap). */
export interface StockReconciliation {
  ok: boolean;
  checked: number;
  /** Rows whose `reserved` is not the sum of their active reservations. */
  mismatches: { sku: string; warehouse: string; reserved: number; reservations: number }[];
  /** Rows reserved beyond what they may promise (on hand, plus the cap when presale is on). */
  overReserved: { sku: string; warehouse: string; onHand: number; reserved: number; limit: number }[];
  /** Active reservations of SKUs that have no stock row. */
  orphans: { sku: string; warehouse: string; reservations: number }[];
}

type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v ?? 0);

const RESERVE_HEAD = 'INSERT INTO sc_stock_reservation (entity, record_id, line_key, sku_code, warehouse, qty, status, presale, created_at, updated_at) VALUES ';
const RESERVE_ROW = "(?, ?, ?, ?, ?, ?, 'active', FALSE, ?, ?)";
// A line already reserved (same key) inserts nothing.
const RESERVE_SKIP_KNOWN = ' ON CONFLICT (entity, record_id, line_key) DO NOTHING';
const RESERVE_ONE = RESERVE_HEAD + RESERVE_ROW + RESERVE_SKIP_KNOWN;
/**
 * One raw statement on either dialect: rows (SELECT / RETURNING) and the number of rows changed.
 * The reservation's hot path skips the query builder: it is most of the cost of a short statement.
 */
async function run(db: Db, sql: string, bindings: unknown[]): Promise<{ rows: Row[]; count: number }> {
  const result = (await db.raw(sql, bindings as never[])) as unknown;
  if (Array.isArray(result)) return { rows: result as Row[], count: result.length };
  const r = result as { rows?: Row[]; rowCount?: number; changes?: number };
  return { rows: r.rows ?? [], count: r.rowCount ?? r.changes ?? 0 };
}

/**
 * Runs statements of the reservation's hot path: raw SQL, prepared once per connection on SQLite.
 * On SQLite a write also tells the id of the row it inserted (`lastId`).
 */
type Exec = (sql: string, bindings: unknown[]) => Promise<{ rows: Row[]; count: number; lastId?: number }>;

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * On SQLite, statements run straight on the transaction's better-sqlite3 connection, prepared
 * once (as insertMany does): knex would compile and prepare each anew, which is most of the cost
 * of a short statement. The transaction is still knex's, so a failure rolls everything back.
 */
async function executor(trx: Knex.Transaction, dialect: Dialect): Promise<Exec> {
  if (dialect !== 'sqlite') return (sql, bindings) => run(trx, sql, bindings);
  return sqliteExec(await (trx as unknown as { client: { acquireConnection(): Promise<BetterSqlite3.Database> } }).client.acquireConnection());
}

function sqliteExec(conn: BetterSqlite3.Database): Exec {
  let cache = prepared.get(conn);
  if (!cache) prepared.set(conn, (cache = new Map()));
  const statements = cache;
  return async (sql, bindings) => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = conn.prepare(sql)));
    if (stmt.reader) {
      const rows = stmt.all(...bindings) as Row[];
      return { rows, count: rows.length };
    }
    const result = stmt.run(...bindings);
    return { rows: [], count: result.changes, lastId: Number(result.lastInsertRowid) };
  };
}

/**
 * A transaction of its own on the SQLite connection, without knex's transaction machinery: the
 * connection is taken from the pool (one connection, so nothing else runs on it meanwhile),
 * BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error, and given back.
 */
async function ownSqliteTransaction<T>(knex: Knex, fn: (exec: Exec) => Promise<T>): Promise<T> {
  const client = (knex as unknown as { client: { acquireConnection(): Promise<BetterSqlite3.Database>; releaseConnection(c: BetterSqlite3.Database): Promise<void> } }).client;
  const conn = await client.acquireConnection();
  try {
    conn.prepare('BEGIN IMMEDIATE').run();
    try {
      const result = await fn(sqliteExec(conn));
      conn.prepare('COMMIT').run();
      return result;
    } catch (err) {
      if (conn.inTransaction) conn.prepare('ROLLBACK').run();
      throw err;
    }
  } finally {
    await client.releaseConnection(conn);
  }
}

const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

function toLevel(row: Row): StockLevel {
  const onHand = num(row.on_hand);
  const reserved = num(row.reserved);
  const safetyStock = num(row.safety_stock);
  return {
    sku: String(row.sku_code),
    warehouse: String(row.warehouse),
    onHand,
    reserved,
    safetyStock,
    available: Math.max(0, onHand - reserved - safetyStock),
    presale: { enabled: bool(row.presale_enabled), cap: num(row.presale_cap), shipDate: (row.presale_ship_date as string | null) ?? null },
    updatedAt: iso(row.updated_at),
  };
}

function toReservation(row: Row): Reservation {
  return {
    id: num(row.id),
    entity: String(row.entity),
    recordId: num(row.record_id),
    lineKey: String(row.line_key),
    sku: String(row.sku_code),
    warehouse: String(row.warehouse),
    qty: num(row.qty),
    status: row.status as ReservationStatus,
    presale: bool(row.presale),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function toRun(row: Row): WmsSyncRun {
  return {
    id: num(row.id),
    warehouse: String(row.warehouse),
    status: row.status as WmsSyncRun['status'],
    startedAt: iso(row.started_at),
    finishedAt: row.finished_at == null ? null : iso(row.finished_at),
    skusSeen: num(row.skus_seen),
    skusChanged: num(row.skus_changed),
    driftUnits: num(row.drift_units),
    drift: (decodeJson(row.drift) as WmsSnapshotResult['drift'] | null) ?? [],
    error: (row.error as string | null) ?? null,
  };
}

function code(value: unknown, what: string, errCode: 'STOCK_INVALID_LINE' | 'STOCK_INVALID_ADJUSTMENT'): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 128) {
    throw new StoreError(errCode, `The ${what} must be a non-empty text of at most 128 characters; got ${JSON.stringify(value)}.`, { field: what });
  }
  return value;
}

function quantity(value: unknown, what: string, errCode: 'STOCK_INVALID_LINE' | 'STOCK_INVALID_ADJUSTMENT', min: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new StoreError(errCode, `The ${what} must be a whole number ≥ ${min}; got ${JSON.stringify(value)}.`, { field: what });
  }
  return value as number;
}

/**
 * The central stock pool (中央库存池). Every write goes through one conditional statement per SKU
 * (`… WHERE on_hand - reserved - safety_stock >= q`), taken in SKU order, inside the caller's
 * transaction: correct under concurrency on SQLite (one writer) and on PostgreSQL (row locks
 * in a fixed order, so no deadlock), without a read-then-write race.
 */
export class StockRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Stock of one SKU, or null when it was never stocked.
   *
   * @example await store.stock.get('HG-CP-001') // → { onHand: 120, reserved: 7, available: 113, … }
   */
  async get(sku: string, warehouse = DEFAULT_WAREHOUSE, tx?: TxLike): Promise<StockLevel | null> {
    const row = await (tx ? knexOf(tx) : this.db)('sc_stock').where({ sku_code: sku, warehouse }).first();
    return row ? toLevel(row) : null;
  }

  /**
   * The stock rows of the given SKUs in every warehouse, by one hand-written statement (the
   * alert rules read them for every paid order; `list` builds its query through knex).
   *
   * @example await store.stock.levelsOf(['HG-CP-001']) // → [{ sku: 'HG-CP-001', warehouse: 'main', available: 5, … }]
   */
  async levelsOf(skus: readonly string[]): Promise<StockLevel[]> {
    if (skus.length === 0) return [];
    const rows = await queryRows(this.db, `SELECT * FROM "sc_stock" WHERE "sku_code" IN (${placeholders(skus.length)}) ORDER BY "sku_code", "warehouse"`, skus);
    return rows.map(toLevel);
  }

  /**
   * Stock rows in SKU order, paged by SKU (`after`), optionally only the given SKUs or those
   * starting with `prefix`.
   *
   * @example await store.stock.list({ skus: ['HG-CP-001', 'HG-CP-002'] })
   */
  async list(options: { skus?: string[]; prefix?: string; warehouse?: string; after?: string; limit?: number } = {}): Promise<StockLevel[]> {
    const qb = this.db('sc_stock').orderBy([{ column: 'sku_code' }, { column: 'warehouse' }]).limit(Math.min(Math.max(options.limit ?? 100, 1), 1000));
    if (options.skus) qb.whereIn('sku_code', options.skus);
    if (options.prefix) qb.whereRaw("sku_code LIKE ? ESCAPE '\\'", [`${options.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
    if (options.warehouse) qb.where({ warehouse: options.warehouse });
    if (options.after !== undefined) qb.where('sku_code', '>', options.after);
    return (await qb).map(toLevel);
  }

  /**
   * Reserves every line of a record, all or none. Lines already reserved (same key) are skipped,
   * so calling it twice is a no-op. A SKU whose normal stock is short is reserved against its
   * presale cap when presale is on. If any SKU is short, nothing is reserved and the short
   * SKUs are returned.
   *
   * @example
   * const r = await tx.stock.reserve(tx, { entity: 'order', recordId: 7, lines: [{ key: '31', sku: 'HG-CP-001', qty: 2 }], now });
   * if (!r.ok) r.short; // [{ sku: 'HG-CP-001', warehouse: 'main', requested: 2, available: 1 }]
   */
  async reserve(tx: TxLike, input: ReserveInput): Promise<ReserveOutcome> {
    const db = knexOf(tx);
    if ((db as Knex.Transaction).isTransaction) return this.reserveWith(await executor(db as Knex.Transaction, this.dialect), input);
    // All or nothing on its own too. On SQLite a transaction of its own runs on the connection
    // directly: knex's transaction machinery costs several times the statements themselves.
    if (this.dialect === 'sqlite') return ownSqliteTransaction(db as Knex, (exec) => this.reserveWith(exec, input));
    return inTransaction(db, async (trx) => this.reserveWith(await executor(trx, this.dialect), input));
  }

  private async reserveWith(exec: Exec, input: ReserveInput): Promise<ReserveOutcome> {
    const warehouse = code(input.warehouse ?? DEFAULT_WAREHOUSE, 'warehouse', 'STOCK_INVALID_LINE');
    const now = normaliseInstant(input.now, 'now');
    const lines = input.lines.map((l, i) => ({
      key: code(l.key, `lines[${i}].key`, 'STOCK_INVALID_LINE'),
      sku: code(l.sku, `lines[${i}].sku`, 'STOCK_INVALID_LINE'),
      qty: quantity(l.qty, `lines[${i}].qty`, 'STOCK_INVALID_LINE', 1),
    }));
    if (new Set(lines.map((l) => l.key)).size !== lines.length) {
      throw new StoreError('STOCK_INVALID_LINE', `${input.entity} ${input.recordId}: two lines share a key; each order line needs its own.`);
    }

    // Insert first: the unique key (record, line) makes a line already reserved a no-op, and a
    // concurrent reservation of the same line waits on the index instead of reserving twice.
    let inserted: Reservation[] = [];
    if (this.dialect === 'sqlite') {
      // One row a statement: SQLite tells the new id without a RETURNING clause, which costs
      // more there than the insert itself.
      for (const l of lines) {
        const r = await exec(RESERVE_ONE, [input.entity, input.recordId, l.key, l.sku, warehouse, l.qty, now, now]);
        if (r.count === 1) inserted.push({ id: r.lastId!, entity: input.entity, recordId: input.recordId, lineKey: l.key, sku: l.sku, warehouse, qty: l.qty, status: 'active', presale: false, createdAt: now, updatedAt: now });
      }
    } else {
      const bindings = lines.flatMap((l) => [input.entity, input.recordId, l.key, l.sku, warehouse, l.qty, now, now]);
      inserted = (await exec(RESERVE_HEAD + lines.map(() => RESERVE_ROW).join(', ') + RESERVE_SKIP_KNOWN + ' RETURNING *', bindings)).rows.map(toReservation);
    }
    const fresh = new Set(inserted.map((r) => r.lineKey));
    let others: Reservation[] = [];
    const revived: { row: Reservation; line: StockLine }[] = [];
    if (inserted.length < lines.length) {
      others = (await exec('SELECT * FROM sc_stock_reservation WHERE entity = ? AND record_id = ? ORDER BY id', [input.entity, input.recordId])).rows
        .map(toReservation)
        .filter((r) => !fresh.has(r.lineKey));
      const byKey = new Map(others.map((r) => [r.lineKey, r]));
      for (const l of lines) {
        const row = byKey.get(l.key);
        if (row?.status === 'released') revived.push({ row, line: l });
      }
    }
    const todo = [...lines.filter((l) => fresh.has(l.key)), ...revived.map((r) => r.line)];

    const need = new Map<string, number>();
    for (const l of todo) need.set(l.sku, (need.get(l.sku) ?? 0) + l.qty);
    // A fixed lock order (SKU code) keeps concurrent reservations on PostgreSQL deadlock-free.
    const skus = [...need.keys()].sort();
    const done: { sku: string; qty: number; presale: boolean }[] = [];
    let shortAt = -1;
    for (const [i, sku] of skus.entries()) {
      const qty = need.get(sku)!;
      // The statement the pool rests on: check and take in one step, no read-then-write race.
      const normal = await exec('UPDATE sc_stock SET reserved = reserved + ?, updated_at = ? WHERE sku_code = ? AND warehouse = ? AND on_hand - reserved - safety_stock >= ?', [qty, now, sku, warehouse, qty]);
      if (normal.count === 1) {
        done.push({ sku, qty, presale: false });
        continue;
      }
      const presale = await exec(
        'UPDATE sc_stock SET reserved = reserved + ?, updated_at = ? WHERE sku_code = ? AND warehouse = ? AND presale_enabled = TRUE AND on_hand + presale_cap - reserved >= ?',
        [qty, now, sku, warehouse, qty],
      );
      if (presale.count === 1) {
        done.push({ sku, qty, presale: true });
        continue;
      }
      shortAt = i;
      break;
    }

    if (shortAt >= 0) {
      // Undo what this call took (the row locks are ours until the transaction ends), then
      // report every SKU that cannot be served now, not just the first.
      for (const d of done) {
        await exec('UPDATE sc_stock SET reserved = reserved - ? WHERE sku_code = ? AND warehouse = ?', [d.qty, d.sku, warehouse]);
      }
      if (inserted.length) await exec(`DELETE FROM sc_stock_reservation WHERE id IN (${inserted.map(() => '?').join(', ')})`, inserted.map((r) => r.id));
      const rest = skus.slice(shortAt);
      const { rows } = await exec(`SELECT * FROM sc_stock WHERE warehouse = ? AND sku_code IN (${rest.map(() => '?').join(', ')})`, [warehouse, ...rest]);
      const levels = new Map(rows.map((r: Row) => [String(r.sku_code), toLevel(r)]));
      const short: ShortLine[] = [];
      for (const sku of rest) {
        const level = levels.get(sku);
        const available = level ? (level.presale.enabled ? Math.max(0, level.onHand + level.presale.cap - level.reserved) : level.available) : 0;
        if (sku === skus[shortAt] || available < need.get(sku)!) short.push({ sku, warehouse, requested: need.get(sku)!, available });
      }
      return { ok: false, short };
    }

    const presaleSkus = new Set(done.filter((d) => d.presale).map((d) => d.sku));
    for (const { row, line } of revived) {
      await exec(
        `UPDATE sc_stock_reservation SET status = 'active', sku_code = ?, warehouse = ?, qty = ?, presale = ${presaleSkus.has(line.sku) ? 'TRUE' : 'FALSE'}, updated_at = ? WHERE id = ? AND status = 'released'`,
        [line.sku, warehouse, line.qty, now, row.id],
      );
      Object.assign(row, { status: 'active', sku: line.sku, warehouse, qty: line.qty, presale: presaleSkus.has(line.sku), updatedAt: now });
    }
    const presaleIds = inserted.filter((r) => presaleSkus.has(r.sku)).map((r) => r.id);
    if (presaleIds.length) {
      await exec(`UPDATE sc_stock_reservation SET presale = TRUE WHERE id IN (${presaleIds.map(() => '?').join(', ')})`, presaleIds);
      for (const r of inserted) if (presaleSkus.has(r.sku)) r.presale = true;
    }

    const holding = [...others, ...inserted].filter((r) => r.status !== 'released').sort((a, b) => a.id - b.id);
    const presaleRows = holding.filter((r) => r.presale);
    let presaleShipDate: string | null = null;
    if (presaleRows.length) {
      const presaleSkuList = [...new Set(presaleRows.map((r) => r.sku))];
      const { rows: dates } = await exec(`SELECT presale_ship_date FROM sc_stock WHERE warehouse = ? AND sku_code IN (${presaleSkuList.map(() => '?').join(', ')})`, [warehouse, ...presaleSkuList]);
      for (const d of dates as Row[]) {
        const date = (d.presale_ship_date as string | null) ?? null;
        if (date && (!presaleShipDate || date > presaleShipDate)) presaleShipDate = date;
      }
    }
    return { ok: true, reservations: holding, newlyReserved: todo.length, presale: presaleRows.length > 0, presaleShipDate };
  }

  /**
   * Releases a record's active reservations (a cancelled order). Idempotent: released and
   * committed reservations are left alone. Returns the reservations released by this call.
   *
   * @example await tx.stock.release(tx, { entity: 'order', recordId: 7, now })
   */
  async release(tx: TxLike, input: { entity: string; recordId: number; now: string }): Promise<Reservation[]> {
    return this.settle(tx, input, 'released');
  }

  /**
   * Commits a record's active reservations when it ships: on hand and reserved both drop by
   * the quantity, and the movement is logged. Idempotent like release.
   *
   * @example await tx.stock.commit(tx, { entity: 'order', recordId: 7, now, actor: 'u3' })
   */
  async commit(tx: TxLike, input: { entity: string; recordId: number; now: string; actor?: string }): Promise<Reservation[]> {
    return this.settle(tx, input, 'committed');
  }

  private async settle(tx: TxLike, input: { entity: string; recordId: number; now: string; actor?: string }, to: 'released' | 'committed'): Promise<Reservation[]> {
    const db = knexOf(tx);
    const now = normaliseInstant(input.now, 'now');
    const rows = (await db('sc_stock_reservation').where({ entity: input.entity, record_id: input.recordId, status: 'active' }).orderBy([{ column: 'sku_code' }, { column: 'id' }])).map(
      toReservation,
    );
    const settled: Reservation[] = [];
    for (const r of rows) {
      // Claim the row first: a concurrent release of the same line finds it no longer active.
      const claimed = await db('sc_stock_reservation').where({ id: r.id, status: 'active' }).update({ status: to, updated_at: now });
      if (claimed !== 1) continue;
      const change: Record<string, unknown> = { reserved: db.raw('reserved - ?', [r.qty]), updated_at: now };
      if (to === 'committed') change.on_hand = db.raw('on_hand - ?', [r.qty]);
      await db('sc_stock').where({ sku_code: r.sku, warehouse: r.warehouse }).update(change);
      if (to === 'committed') {
        const level = await this.get(r.sku, r.warehouse, tx);
        await this.logMovement(db, { sku: r.sku, warehouse: r.warehouse, kind: 'ship', delta: -r.qty, onHandAfter: level?.onHand ?? 0, reason: null, actor: input.actor ?? null, ref: `${input.entity}:${input.recordId}`, at: now });
      }
      settled.push({ ...r, status: to, updatedAt: now });
    }
    return settled;
  }

  /**
   * The reservations of one record (all statuses), oldest first.
   *
   * @example await store.stock.reservationsOf('order', 7)
   */
  async reservationsOf(entity: string, recordId: number, tx?: TxLike): Promise<Reservation[]> {
    return (await (tx ? knexOf(tx) : this.db)('sc_stock_reservation').where({ entity, record_id: recordId }).orderBy('id')).map(toReservation);
  }

  /**
   * The reservations of one SKU in a warehouse, newest first (by the SKU index), optionally of
   * one status: which record and line holds how much since when.
   *
   * @example await store.stock.reservationsOfSku('HG-CP-001', { status: 'active', limit: 100 })
   */
  async reservationsOfSku(sku: string, options: { warehouse?: string; status?: ReservationStatus; limit?: number } = {}): Promise<Reservation[]> {
    const qb = this.db('sc_stock_reservation')
      .where({ sku_code: sku, warehouse: options.warehouse ?? DEFAULT_WAREHOUSE })
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(options.limit ?? 100, 1), 1000));
    if (options.status) qb.where({ status: options.status });
    return (await qb).map(toReservation);
  }

  /**
   * The recorded shortages of one SKU in a warehouse (records waiting for it), oldest first.
   *
   * @example await store.stock.shortagesOfSku('HG-CP-001') // → [{ entity: 'order', recordId: 9, requested: 3, available: 1, at }]
   */
  async shortagesOfSku(sku: string, options: { warehouse?: string; limit?: number } = {}): Promise<{ entity: string; recordId: number; requested: number; available: number; at: string }[]> {
    const rows = await this.db('sc_stock_shortage')
      .where({ sku_code: sku, warehouse: options.warehouse ?? DEFAULT_WAREHOUSE })
      .orderBy('id')
      .limit(Math.min(Math.max(options.limit ?? 100, 1), 1000));
    return rows.map((r: Row) => ({ entity: String(r.entity), recordId: num(r.record_id), requested: num(r.requested), available: num(r.available), at: iso(r.created_at) }));
  }

  /**
   * The SKUs that records are short of, in SKU order: how many records wait and how many units
   * they need in all.
   *
   * @example await store.stock.shortageSummary() // → [{ sku: 'HG-CP-001', warehouse: 'main', records: 2, requested: 5 }]
   */
  async shortageSummary(): Promise<{ sku: string; warehouse: string; records: number; requested: number }[]> {
    const rows = await this.db('sc_stock_shortage')
      .groupBy('sku_code', 'warehouse')
      .orderBy([{ column: 'sku_code' }, { column: 'warehouse' }])
      .select('sku_code', 'warehouse')
      .countDistinct({ records: 'record_id' })
      .sum({ requested: 'requested' });
    return rows.map((r: Row) => ({ sku: String(r.sku_code), warehouse: String(r.warehouse), records: num(r.records), requested: num(r.requested) }));
  }

  /** Records why a record could not be reserved (replacing what was recorded before). */
  async recordShortage(tx: TxLike, input: { entity: string; recordId: number; short: ShortLine[]; now: string }): Promise<void> {
    const db = knexOf(tx);
    await db('sc_stock_shortage').where({ entity: input.entity, record_id: input.recordId }).delete();
    if (!input.short.length) return;
    const now = normaliseInstant(input.now, 'now');
    await db('sc_stock_shortage').insert(
      input.short.map((s) => ({ entity: input.entity, record_id: input.recordId, sku_code: s.sku, warehouse: s.warehouse, requested: s.requested, available: s.available, created_at: now })),
    );
  }

  /** Forgets a record's shortage (it was reserved, or cancelled); on every reservation, so hand-written SQL (the index finds none in most cases). */
  async clearShortage(tx: TxLike, entity: string, recordId: number): Promise<void> {
    await execute(knexOf(tx), 'DELETE FROM "sc_stock_shortage" WHERE "entity" = ? AND "record_id" = ?', [entity, recordId]);
  }

  /** The short lines recorded for a record, in SKU order. */
  async shortagesOf(entity: string, recordId: number, tx?: TxLike): Promise<(ShortLine & { at: string })[]> {
    const rows = await (tx ? knexOf(tx) : this.db)('sc_stock_shortage').where({ entity, record_id: recordId }).orderBy('sku_code');
    return rows.map((r: Row) => ({ sku: String(r.sku_code), warehouse: String(r.warehouse), requested: num(r.requested), available: num(r.available), at: iso(r.created_at) }));
  }

  /** Records of an entity with a recorded shortage, in record id order. */
  async shortRecords(entity: string): Promise<number[]> {
    const rows = await this.db('sc_stock_shortage').where({ entity }).distinct('record_id').orderBy('record_id');
    return rows.map((r: Row) => num(r.record_id));
  }

  /**
   * Records with a recorded shortage that the stock now covers (every short SKU has at least the
   * requested quantity available): the candidates to re-try, any order.
   */
  async coveredShortages(entity: string, tx?: TxLike): Promise<number[]> {
    const db = tx ? knexOf(tx) : this.db;
    const rows = await db('sc_stock_shortage as h')
      .leftJoin('sc_stock as s', function () {
        this.on('s.sku_code', '=', 'h.sku_code').andOn('s.warehouse', '=', 'h.warehouse');
      })
      .where('h.entity', entity)
      .groupBy('h.record_id')
      .havingRaw(
        `MIN(CASE WHEN s.sku_code IS NULL THEN 0
                  WHEN s.on_hand - s.reserved - s.safety_stock >= h.requested THEN 1
                  WHEN s.presale_enabled = TRUE AND s.on_hand + s.presale_cap - s.reserved >= h.requested THEN 1
                  ELSE 0 END) = 1`,
      )
      .select('h.record_id');
    return rows.map((r: Row) => num(r.record_id));
  }

  /**
   * Changes on hand by hand (received goods, a count, damage), with a reason; logged as a
   * movement. Creates the stock row for a new SKU. Refused if on hand would go below 0.
   *
   * @example await store.stock.adjust(store, { sku: 'HG-CP-001', delta: 50, reason: '采购入库 PO-1182', actor: 'u5', now })
   */
  async adjust(tx: TxLike, input: StockAdjustment): Promise<StockLevel> {
    const db = knexOf(tx);
    const sku = code(input.sku, 'sku', 'STOCK_INVALID_ADJUSTMENT');
    const warehouse = code(input.warehouse ?? DEFAULT_WAREHOUSE, 'warehouse', 'STOCK_INVALID_ADJUSTMENT');
    if (typeof input.reason !== 'string' || input.reason.trim() === '') {
      throw new StoreError('STOCK_REASON_REQUIRED', `Adjusting ${sku} needs a reason (采购入库, 盘点, 报损 …): it is kept in the movement log.`, { field: 'reason' });
    }
    if ((input.delta === undefined) === (input.onHand === undefined)) {
      throw new StoreError('STOCK_INVALID_ADJUSTMENT', `Adjusting ${sku} needs exactly one of "delta" (change by) or "onHand" (set to a counted quantity).`, { field: 'delta' });
    }
    const now = normaliseInstant(input.now, 'now');
    if (input.delta !== undefined && (!Number.isSafeInteger(input.delta) || input.delta === 0)) {
      throw new StoreError('STOCK_INVALID_ADJUSTMENT', `The delta for ${sku} must be a whole number other than 0; got ${JSON.stringify(input.delta)}.`, { field: 'delta' });
    }
    if (input.onHand !== undefined) quantity(input.onHand, 'onHand', 'STOCK_INVALID_ADJUSTMENT', 0);
    await this.ensureRow(db, sku, warehouse, now);
    const before = (await this.get(sku, warehouse, tx))!;
    const target = input.onHand ?? before.onHand + input.delta!;
    if (target < 0) {
      throw new StoreError('STOCK_NEGATIVE', `${sku} has ${before.onHand} on hand in ${warehouse}; removing ${-input.delta!} would make it negative.`, { sku, warehouse, onHand: before.onHand });
    }
    // Conditional on the value read, so a concurrent change in between makes us retry, not overwrite.
    const delta = target - before.onHand;
    const updated = await db('sc_stock')
      .where({ sku_code: sku, warehouse })
      .whereRaw('on_hand + ? >= 0', [delta])
      .update({ on_hand: db.raw('on_hand + ?', [delta]), updated_at: now });
    if (updated !== 1) throw new StoreError('STOCK_NEGATIVE', `${sku} changed while adjusting and would go negative; read it again and retry.`, { sku, warehouse });
    const after = (await this.get(sku, warehouse, tx))!;
    await this.logMovement(db, { sku, warehouse, kind: 'adjust', delta, onHandAfter: after.onHand, reason: input.reason, actor: input.actor, ref: input.ref ?? null, at: now });
    return after;
  }

  /**
   * Sets safety stock and presale (预售模式: on/off, how many units beyond stock, the expected
   * ship date shown to buyers). Creates the stock row for a new SKU.
   *
   * @example await store.stock.configure(store, { sku: 'HG-XS-001', presale: { enabled: true, cap: 200, shipDate: '2024-12-01' }, actor: 'u5', now })
   */
  async configure(tx: TxLike, input: StockSettings): Promise<StockLevel> {
    const db = knexOf(tx);
    const sku = code(input.sku, 'sku', 'STOCK_INVALID_ADJUSTMENT');
    const warehouse = code(input.warehouse ?? DEFAULT_WAREHOUSE, 'warehouse', 'STOCK_INVALID_ADJUSTMENT');
    const now = normaliseInstant(input.now, 'now');
    const change: Record<string, unknown> = { updated_at: now };
    if (input.safetyStock !== undefined) change.safety_stock = quantity(input.safetyStock, 'safetyStock', 'STOCK_INVALID_ADJUSTMENT', 0);
    if (input.presale) {
      if (typeof input.presale.enabled !== 'boolean') throw new StoreError('STOCK_INVALID_ADJUSTMENT', 'presale.enabled must be true or false.', { field: 'presale.enabled' });
      change.presale_enabled = input.presale.enabled;
      if (input.presale.cap !== undefined) change.presale_cap = quantity(input.presale.cap, 'presale.cap', 'STOCK_INVALID_ADJUSTMENT', 0);
      if (input.presale.shipDate !== undefined) change.presale_ship_date = input.presale.shipDate === null ? null : normaliseDate(input.presale.shipDate, 'presale.shipDate');
    }
    await this.ensureRow(db, sku, warehouse, now);
    await db('sc_stock').where({ sku_code: sku, warehouse }).update(change);
    const after = (await this.get(sku, warehouse, tx))!;
    const parts = [
      input.safetyStock !== undefined ? `safety ${after.safetyStock}` : null,
      input.presale ? `presale ${after.presale.enabled ? `on, cap ${after.presale.cap}, ship ${after.presale.shipDate ?? '—'}` : 'off'}` : null,
    ].filter(Boolean);
    await this.logMovement(db, { sku, warehouse, kind: 'settings', delta: 0, onHandAfter: after.onHand, reason: parts.join('; '), actor: input.actor, ref: null, at: now });
    return after;
  }

  /** The movement log of one SKU, newest first. */
  async movements(sku: string, options: { warehouse?: string; limit?: number } = {}): Promise<StockMovement[]> {
    const rows = await this.db('sc_stock_movement')
      .where({ sku_code: sku, warehouse: options.warehouse ?? DEFAULT_WAREHOUSE })
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(options.limit ?? 50, 1), 1000));
    return rows.map((r: Row) => ({
      id: num(r.id),
      sku: String(r.sku_code),
      warehouse: String(r.warehouse),
      kind: r.kind as StockMovement['kind'],
      delta: num(r.delta),
      onHandAfter: num(r.on_hand_after),
      reason: (r.reason as string | null) ?? null,
      actor: (r.actor as string | null) ?? null,
      ref: (r.ref as string | null) ?? null,
      at: iso(r.at),
    }));
  }

  /**
   * Applies a snapshot of the warehouse's real stock: on hand becomes the WMS count for each SKU
   * it lists; reservations are not touched. Each change is logged as a `wms_sync` movement.
   *
   * @example await tx.stock.applyWmsSnapshot(tx, { warehouse: 'main', items: [{ sku: 'HG-CP-001', onHand: 118 }], now, ref: 'wms_sync:12' })
   */
  async applyWmsSnapshot(tx: TxLike, input: { warehouse?: string; items: { sku: string; onHand: number }[]; now: string; ref?: string }): Promise<WmsSnapshotResult> {
    const db = knexOf(tx);
    const warehouse = input.warehouse ?? DEFAULT_WAREHOUSE;
    const now = normaliseInstant(input.now, 'now');
    const items = input.items.map((it, i) => ({ sku: code(it.sku, `items[${i}].sku`, 'STOCK_INVALID_ADJUSTMENT'), onHand: quantity(it.onHand, `items[${i}].onHand`, 'STOCK_INVALID_ADJUSTMENT', 0) }));
    items.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    const result: WmsSnapshotResult = { seen: items.length, changed: 0, driftUnits: 0, drift: [] };
    for (const it of items) {
      const before = await this.get(it.sku, warehouse, tx);
      if (before && before.onHand === it.onHand) continue;
      if (!before) await this.ensureRow(db, it.sku, warehouse, now);
      await db('sc_stock').where({ sku_code: it.sku, warehouse }).update({ on_hand: it.onHand, updated_at: now });
      const previous = before ? before.onHand : null;
      result.changed++;
      result.driftUnits += Math.abs(it.onHand - (previous ?? 0));
      result.drift.push({ sku: it.sku, before: previous, after: it.onHand });
      await this.logMovement(db, { sku: it.sku, warehouse, kind: 'wms_sync', delta: it.onHand - (previous ?? 0), onHandAfter: it.onHand, reason: null, actor: 'system:wms_sync', ref: input.ref ?? null, at: now });
    }
    return result;
  }

  /** Opens a WMS sync run in the log (status running). */
  async startSyncRun(tx: TxLike, input: { warehouse?: string; now: string }): Promise<number> {
    const [row] = await knexOf(tx)('sc_wms_sync_run')
      .insert({ warehouse: input.warehouse ?? DEFAULT_WAREHOUSE, status: 'running', started_at: normaliseInstant(input.now, 'now') })
      .returning('id');
    return num(typeof row === 'object' ? (row as Row).id : row);
  }

  /** Closes a WMS sync run with its result or its error. */
  async finishSyncRun(tx: TxLike, id: number, input: { now: string; result?: WmsSnapshotResult; error?: string }): Promise<void> {
    await knexOf(tx)('sc_wms_sync_run')
      .where({ id })
      .update({
        status: input.error ? 'failed' : 'ok',
        finished_at: normaliseInstant(input.now, 'now'),
        skus_seen: input.result?.seen ?? 0,
        skus_changed: input.result?.changed ?? 0,
        drift_units: input.result?.driftUnits ?? 0,
        drift: JSON.stringify((input.result?.drift ?? []).slice(0, 200)),
        error: input.error ? input.error.slice(0, 2000) : null,
      });
  }

  /** WMS sync runs, newest first. */
  async syncRuns(options: { limit?: number } = {}): Promise<WmsSyncRun[]> {
    return (await this.db('sc_wms_sync_run').orderBy('id', 'desc').limit(Math.min(Math.max(options.limit ?? 20, 1), 500))).map(toRun);
  }

  /**
   * The invariant check, run by the API and at the end of every stock test: for every SKU and
   * warehouse, Σ active reservations = reserved, and reserved ≤ on hand (+ cap for presale).
   *
   * @example const r = await store.stock.reconcile(); if (!r.ok) console.log(r.mismatches, r.overReserved);
   */
  async reconcile(tx?: TxLike): Promise<StockReconciliation> {
    const db = tx ? knexOf(tx) : this.db;
    const sums = db('sc_stock_reservation').where({ status: 'active' }).groupBy(['sku_code', 'warehouse']).select('sku_code', 'warehouse').sum({ total: 'qty' });
    const rows: Row[] = await db('sc_stock as s')
      .leftJoin(sums.as('r'), function () {
        this.on('r.sku_code', '=', 's.sku_code').andOn('r.warehouse', '=', 's.warehouse');
      })
      .select('s.*', db.raw('COALESCE(r.total, 0) AS active_total'));
    const report: StockReconciliation = { ok: true, checked: rows.length, mismatches: [], overReserved: [], orphans: [] };
    for (const row of rows) {
      const level = toLevel(row);
      const reservations = num(row.active_total);
      if (reservations !== level.reserved) report.mismatches.push({ sku: level.sku, warehouse: level.warehouse, reserved: level.reserved, reservations });
      const limit = level.onHand + (level.presale.enabled ? level.presale.cap : 0);
      if (level.reserved > limit) report.overReserved.push({ sku: level.sku, warehouse: level.warehouse, onHand: level.onHand, reserved: level.reserved, limit });
    }
    const orphans: Row[] = await db('sc_stock_reservation as r')
      .leftJoin('sc_stock as s', function () {
        this.on('s.sku_code', '=', 'r.sku_code').andOn('s.warehouse', '=', 'r.warehouse');
      })
      .where('r.status', 'active')
      .whereNull('s.sku_code')
      .groupBy(['r.sku_code', 'r.warehouse'])
      .select('r.sku_code', 'r.warehouse')
      .sum({ total: 'r.qty' });
    report.orphans = orphans.map((o) => ({ sku: String(o.sku_code), warehouse: String(o.warehouse), reservations: num(o.total) }));
    report.ok = !report.mismatches.length && !report.overReserved.length && !report.orphans.length;
    return report;
  }

  private async ensureRow(db: Db, sku: string, warehouse: string, now: string): Promise<void> {
    await db('sc_stock').insert({ sku_code: sku, warehouse, on_hand: 0, updated_at: now }).onConflict(['sku_code', 'warehouse']).ignore();
  }

  private async logMovement(db: Db, m: Omit<StockMovement, 'id'>): Promise<void> {
    await db('sc_stock_movement').insert({
      sku_code: m.sku,
      warehouse: m.warehouse,
      kind: m.kind,
      delta: m.delta,
      on_hand_after: m.onHandAfter,
      reason: m.reason,
      actor: m.actor,
      ref: m.ref,
      at: m.at,
    });
  }
}
