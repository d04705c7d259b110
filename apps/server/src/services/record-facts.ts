import { decide, factRequirements, foldDetail, NeighbourIndex, normaliseRegion, regionSpellings, sameDistrictScorer, type AddressValue, type DistrictNeighbour, type FoldedDetail, type Command, type Ctx, type Decision, type FactRequirements, type RecordFacts } from '@statecraft/engine';
import type { AppDefinition, StockLevel } from '@statecraft/schema';
import { entityTable, ident as id, placeholders, queryRows, queryValues, type Store } from '@statecraft/store';
import type { LoadedApp } from './app-registry.ts';

/** The facts a rule may read; each is computed only when a decision reads it. */
export type FactKind = keyof RecordFacts;
const FACT_KINDS: ReadonlySet<string> = new Set<FactKind>(['buyer_recent_orders', 'address_similarity', 'stock_available', 'buyer_history']);

/** What facts are about: the record as the command sees it (no id yet on create). */
export interface FactSubject {
  entity: string;
  id: number | null;
  data: Record<string, unknown>;
}

/**
 * Where a decision's facts come from. The server's is the database (`DatabaseFacts`); the HTTP
 * scenario replay may hand over the facts a scenario step declares instead.
 */
export interface FactSource {
  compute(app: LoadedApp, subject: FactSubject, kinds: FactKind[], now: string): Promise<RecordFacts>;
  /** A source for the items of one batch, decided one after the other at one `now` (see `DatabaseFacts.batch`). */
  batch?(): BatchFactSource;
}

/** The facts of one batch: each new record the batch `remember`s counts for the items after it. */
export interface BatchFactSource extends FactSource {
  remember(app: LoadedApp, subject: FactSubject, now: string): void;
}

/** Test seam: facts to use as they are, instead of computing them (undefined: compute). */
export type GivenFacts = (info: { app: string; entity: string; recordId: number | null; kind: Command['kind'] }) => Record<string, unknown> | undefined;

/**
 * Decides a command with the facts its rules read, computing only those. The engine is pure, so
 * the decision is first taken with the facts known so far behind a proxy that notes which facts
 * the expressions asked for; if some were missing, they are computed and the decision is taken
 * again. A command whose rules read no fact (most of them) costs no query at all, and the
 * result is the same as computing every fact up front: an expression's value can only depend on
 * facts it read.
 *
 * @example const decision = await decideWithFacts(app, command, ctx, subject, new DatabaseFacts(store));
 */
export async function decideWithFacts(app: LoadedApp, command: Command, ctx: Ctx, subject: FactSubject, source: FactSource, given?: GivenFacts): Promise<Decision> {
  const fixed = given?.({ app: app.id, entity: subject.entity, recordId: subject.id, kind: command.kind });
  if (fixed) return decide(app.compiled, command, { ...ctx, facts: fixed });
  // The facts this kind of command read last time are computed first: the decision is then
  // usually taken once, not once to find out and once more with them. Computing one it does not
  // read this time changes nothing but the work.
  const shape = commandShape(app, command);
  let reads = factsRead.get(app);
  if (!reads) factsRead.set(app, (reads = new Map()));
  const expected = reads.get(shape);
  let facts: RecordFacts = expected?.length ? await source.compute(app, subject, expected, ctx.now) : {};
  const computed = new Set<string>(expected);
  for (;;) {
    const read = new Set<string>();
    const probe = new Proxy(facts, {
      get(target, key, receiver) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key, receiver);
      },
    });
    const decision = decide(app.compiled, command, { ...ctx, facts: probe as Record<string, unknown> });
    const missing = [...read].filter((k) => FACT_KINDS.has(k) && !computed.has(k)) as FactKind[];
    if (missing.length === 0) {
      if (!expected || computed.size > expected.length) reads.set(shape, [...computed] as FactKind[]);
      return decision;
    }
    facts = { ...facts, ...(await source.compute(app, subject, missing, ctx.now)) };
    for (const k of missing) computed.add(k);
  }
}

/** Per app and kind of command (see `commandShape`): the facts its decisions have read. */
const factsRead = new WeakMap<LoadedApp, Map<string, FactKind[]>>();

/** A command's kind, entity, transition or event, and the record's state: what decides which rules run. */
function commandShape(app: LoadedApp, command: Command): string {
  if (command.kind === 'create') return `create ${command.entity}`;
  const state = app.stateFields.get(command.entity);
  const at = state ? String(command.record.data[state] ?? '') : '';
  const what = command.kind === 'transition' ? command.transition : command.kind === 'event' ? command.event : '';
  return `${command.kind} ${command.entity} ${what} ${at}`;
}

/** The fields the facts read, found in the entity by the OMS template's ids (and by type). */
export interface FactFields {
  channel?: string;
  buyerId?: string;
  buyerNick?: string;
  phone?: string;
  /** The record's time for windows (ordered_at; otherwise the record's creation time). */
  time: string;
  address?: string;
  paidAmount?: string;
  lines?: string;
  sku: string;
  stateField?: string;
  /** States that do not count as orders (cancelled, closed, rejected). */
  cancelled: string[];
  /** States that are not open (final). */
  closed: string[];
}

/** Reads which columns hold what the facts need, for one entity of a definition. */
export function factFields(def: AppDefinition, entityId: string): FactFields {
  const entity = def.entities.find((e) => e.id === entityId);
  const fields = entity?.fields ?? [];
  const byId = (id: string, types: string[]) => fields.find((f) => f.id === id && types.includes(f.type))?.id;
  const byType = (type: string) => fields.find((f) => f.type === type)?.id;
  const workflow = def.workflows.find((w) => w.entity === entityId);
  const finals = workflow?.states.filter((s) => s.kind === 'final').map((s) => s.id) ?? [];
  const linesField = fields.find((f) => f.type === 'lines');
  return {
    channel: byId('channel', ['enum', 'text']),
    buyerId: byId('buyer_id', ['text']),
    buyerNick: byId('buyer_nick', ['text']),
    phone: byId('receiver_phone', ['phone']) ?? byType('phone'),
    time: byId('ordered_at', ['datetime']) ?? '_created_at',
    address: byId('ship_to', ['address']) ?? byType('address'),
    paidAmount: byId('paid_amount', ['money']),
    lines: linesField?.id,
    sku: 'sku_code',
    stateField: workflow?.stateField,
    cancelled: finals.filter((s) => /cancel|closed|reject|void/i.test(s)),
    closed: finals,
  };
}

// A district holds many orders; the ones compared are the newest this many.
const MAX_ADDRESS_CANDIDATES = 500;
const HOUR = 3_600_000;
// Folded detail lines kept (a few MB): more than the open orders of the busiest districts' windows.
const MAX_FOLDED = 100_000;
// A district with at least this many stored neighbours is indexed by bigram for a batch.
const INDEX_FROM = 32;

/** A piece of SQL and its bindings, `?` placeholders (knex numbers them for PostgreSQL). */
interface Sql {
  text: string;
  bindings: unknown[];
}

const marks = (values: readonly unknown[]): string => placeholders(values.length);

/** A phone the platform masked (138****1234) identifies nobody: it is not used to match buyers. */
const usablePhone = (p: unknown): p is string => typeof p === 'string' && p.length >= 7 && !p.includes('*');
const present = (v: unknown): v is string => typeof v === 'string' && v !== '';
/** Likewise a masked nickname (Taobao's `t**`, JD's `jd_***`): thousands of buyers share it. */
const usableNick = (n: unknown): n is string => present(n) && !n.includes('*');

/**
 * Facts from the database, each from an indexed query (the template declares the indexes):
 * the same buyer by (channel, buyer_id, ordered_at), (channel, buyer_nick, ordered_at) and
 * (receiver_phone, ordered_at); similar addresses by (district, ordered_at, …) among the newest
 * open orders of the window, read from that index alone; stock by SKU. Never a full scan.
 *
 * The queries are hand-written SQL whose text depends only on the definition and on which
 * values are present, run through the store's `queryRows` (on SQLite straight on the connection,
 * each shape prepared once): knex's query builder would cost more than the indexed look-ups.
 */
export class DatabaseFacts implements FactSource {
  private readonly requirements = new WeakMap<LoadedApp, Map<string, FactRequirements>>();
  private readonly fields = new WeakMap<LoadedApp, Map<string, FactFields>>();
  /** Stored records' detail lines folded so far, by record id (see `foldStored`). */
  private readonly folded = new Map<number, { raw: string; folded: FoldedDetail }>();

  constructor(private readonly store: Pick<Store, 'knex' | 'stock' | 'dialect'>) {}

  /**
   * A fact source for the items of one batch (an intake page), decided one after the other at
   * one `now`: a district's open orders and a SKU's stock are read once for the whole batch, and
   * each new order the batch `remember`s is a neighbour of the items after it (it is not in the
   * database yet, but it is an open order of the window all the same).
   *
   * @example const facts = databaseFacts.batch(); for (const item of items) { decide(…, facts); facts.remember(app, subject, now); }
   */
  batch(): BatchFacts {
    return new BatchFacts(this);
  }

  async compute(app: LoadedApp, subject: FactSubject, kinds: FactKind[], now: string, batch?: BatchCache): Promise<RecordFacts> {
    const { f, req } = this.about(app, subject.entity);
    const table = entityTable(subject.entity);
    const facts: RecordFacts = {};
    for (const kind of kinds) {
      if (kind === 'buyer_recent_orders') facts.buyer_recent_orders = await this.recentOrders(table, f, req.buyer_recent_orders, subject, now);
      else if (kind === 'buyer_history') facts.buyer_history = await this.history(table, f, subject);
      else if (kind === 'address_similarity') facts.address_similarity = await this.similarity(table, f, req.address_similarity, subject, now, batch);
      else if (kind === 'stock_available') facts.stock_available = await this.stock(f, subject, batch);
    }
    return facts;
  }

  /** Adds a new, still open record of a batch to its district's neighbours (see `batch`). */
  remember(app: LoadedApp, subject: FactSubject, now: string, batch: BatchCache): void {
    const { f, req } = this.about(app, subject.entity);
    const place = this.place(f, req.address_similarity, subject, now);
    if (!place || (f.stateField && f.closed.includes(subject.data[f.stateField] as string))) return;
    const time = f.time === '_created_at' ? now : (subject.data[f.time] as string | null | undefined);
    const at = time ? Date.parse(time) : Number.NaN;
    if (Number.isNaN(at)) return;
    const neighbour = { id: subject.id, at, detail: foldDetail(place.addr.detail), hash: place.addr.hash ?? null };
    const added = batch.added.get(place.key);
    if (added) added.push(neighbour);
    else batch.added.set(place.key, [neighbour]);
  }

  /**
   * A stored record's detail line folded, remembered by record id (up to MAX_FOLDED): a
   * district's open orders are read again by every batch. An id is found without hashing the
   * text; the text is compared, so a changed address (or another entity's record of that id) is
   * folded again.
   */
  private foldStored(recordId: number, detail: string | null): FoldedDetail {
    const text = detail ?? '';
    const known = this.folded.get(recordId);
    if (known && known.raw === text) return known.folded;
    if (this.folded.size >= MAX_FOLDED) this.folded.clear();
    const folded = foldDetail(text);
    this.folded.set(recordId, { raw: text, folded });
    return folded;
  }

  private about(app: LoadedApp, entity: string): { f: FactFields; req: FactRequirements } {
    let reqs = this.requirements.get(app);
    if (!reqs) this.requirements.set(app, (reqs = factRequirements(app.definition)));
    let byEntity = this.fields.get(app);
    if (!byEntity) this.fields.set(app, (byEntity = new Map()));
    let f = byEntity.get(entity);
    if (!f) byEntity.set(entity, (f = factFields(app.definition, entity)));
    return { f, req: reqs.get(entity) ?? { buyer_recent_orders: [], address_similarity: [], stock: false, buyer_history: false } };
  }

  private rows(sql: Sql): Promise<Record<string, unknown>[]> {
    return queryRows(this.store.knex, sql.text, sql.bindings);
  }

  /**
   * The buyer's other orders (since `since`, or ever), one indexed query per way of recognising
   * the buyer (channel + buyer id, channel + unmasked nick, unmasked phone), each selecting
   * `columns` with `extra` conditions. Empty: nothing identifies the buyer.
   */
  private buyerParts(table: string, f: FactFields, subject: FactSubject, since: string | null, now: string, columns: string, extra: Sql = { text: '', bindings: [] }): Sql[] {
    const d = subject.data;
    const common: string[] = [];
    const commonBindings: unknown[] = [];
    if (subject.id !== null) {
      common.push(`${id('id')} <> ?`);
      commonBindings.push(subject.id);
    }
    if (since !== null) {
      common.push(`${id(f.time)} >= ?`, `${id(f.time)} <= ?`);
      commonBindings.push(since, now);
    }
    const parts: Sql[] = [];
    const part = (match: Record<string, unknown>) => {
      const matched = Object.keys(match);
      parts.push({
        text: `SELECT ${columns} FROM ${id(table)} WHERE ${[...matched.map((c) => `${id(c)} = ?`), ...common].join(' AND ')}${extra.text}`,
        bindings: [...Object.values(match), ...commonBindings, ...extra.bindings],
      });
    };
    if (f.channel && present(d[f.channel])) {
      if (f.buyerId && present(d[f.buyerId])) part({ [f.channel]: d[f.channel], [f.buyerId]: d[f.buyerId] });
      if (f.buyerNick && usableNick(d[f.buyerNick])) part({ [f.channel]: d[f.channel], [f.buyerNick]: d[f.buyerNick] });
    }
    if (f.phone && usablePhone(d[f.phone])) part({ [f.phone]: d[f.phone] });
    return parts;
  }

  /** Not cancelled: the condition on the state column, or none. */
  private static notIn(column: string | undefined, states: string[]): Sql {
    return column && states.length ? { text: ` AND ${id(column)} NOT IN (${marks(states)})`, bindings: states } : { text: '', bindings: [] };
  }

  /**
   * The buyer's not cancelled orders in the longest window, each way of recognising the buyer one
   * plain indexed query (cheaper than one statement uniting them), the same order found twice
   * counted once; each window counts those at or after its start.
   */
  private async recentOrders(table: string, f: FactFields, windows: number[], subject: FactSubject, now: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    if (windows.length === 0) return out;
    const end = Date.parse(now);
    const since = new Date(end - Math.max(...windows) * HOUR).toISOString();
    const times = new Map<number, number>();
    for (const part of this.buyerParts(table, f, subject, since, now, `${id('id')}, ${id(f.time)}`, DatabaseFacts.notIn(f.stateField, f.cancelled))) {
      for (const [rowId, t] of await queryValues(this.store.knex, part.text, part.bindings)) times.set(Number(rowId), new Date(t as string | Date).getTime());
    }
    for (const hours of windows) {
      const from = end - hours * HOUR;
      let n = 0;
      for (const t of times.values()) if (t >= from) n++;
      out[String(hours)] = n;
    }
    return out;
  }

  private async history(table: string, f: FactFields, subject: FactSubject): Promise<NonNullable<RecordFacts['buyer_history']>> {
    const parts = this.buyerParts(table, f, subject, null, '', id('id'));
    if (parts.length === 0) return { orders: 0, cancelled: 0, paid_amount: 0, first_order_at: null };
    const cancelled = f.stateField && f.cancelled.length ? { text: `SUM(CASE WHEN ${id(f.stateField)} IN (${marks(f.cancelled)}) THEN 1 ELSE 0 END)`, bindings: f.cancelled } : { text: '0', bindings: [] };
    const paid = f.paidAmount ? `COALESCE(SUM(${id(f.paidAmount)}), 0)` : '0';
    const [row] = await this.rows({
      text: `SELECT COUNT(*) AS orders, ${cancelled.text} AS cancelled, ${paid} AS paid, MIN(${id(f.time)}) AS first FROM ${id(table)} WHERE ${id('id')} IN (${parts.map((p) => p.text).join(' UNION ALL ')})`,
      bindings: [...cancelled.bindings, ...parts.flatMap((p) => p.bindings)],
    });
    const first = row?.first;
    return {
      orders: Number(row?.orders ?? 0),
      cancelled: Number(row?.cancelled ?? 0),
      paid_amount: Number(row?.paid ?? 0),
      first_order_at: first === null || first === undefined ? null : new Date(first as string).toISOString(),
    };
  }

  /** Where a record's address is, for similarity: its district's key and the window's start, or null. */
  private place(f: FactFields, windows: number[], subject: FactSubject, now: string): { addr: AddressValue; key: string; since: string } | null {
    if (windows.length === 0 || !f.address) return null;
    const addr = subject.data[f.address] as AddressValue | null | undefined;
    if (!addr?.province || !addr.city || !addr.district) return null;
    const since = new Date(Date.parse(now) - Math.max(...windows) * HOUR).toISOString();
    return { addr, since, key: `${normaliseRegion(addr.province)}\u0000${normaliseRegion(addr.city)}\u0000${normaliseRegion(addr.district)}\u0000${since}\u0000${now}` };
  }

  /**
   * The best address similarity per window against the open orders of the same district in the
   * longest window (`neighbours`), the record itself left out.
   */
  private async similarity(table: string, f: FactFields, windows: number[], subject: FactSubject, now: string, batch?: BatchCache): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    if (windows.length === 0) return out;
    const end = Date.parse(now);
    const froms = windows.map((hours) => end - hours * HOUR);
    const best = windows.map(() => 0);
    const place = this.place(f, windows, subject, now);
    if (place) {
      let neighbours = batch?.neighbours.get(place.key);
      if (!neighbours) {
        neighbours = await this.neighbours(table, f, place.addr, place.since, now);
        batch?.neighbours.set(place.key, neighbours);
      }
      const added = batch?.added.get(place.key) ?? [];
      // The newest MAX_ADDRESS_CANDIDATES of the stored and the batch's own together.
      const cutoff = cutoffOf(neighbours, added);
      const counts = (n: Neighbour) => (n.id === null || n.id !== subject.id) && n.at <= end && n.at >= cutoff;
      /** The lowest best of the windows holding `at`: only a score above it changes an answer (1: none can). */
      const floorAt = (at: number) => {
        let floor = 1;
        for (let w = 0; w < froms.length; w++) if (at >= froms[w]! && best[w]! < floor) floor = best[w]!;
        return floor;
      };
      const note = (at: number, value: number) => {
        for (let w = 0; w < froms.length; w++) if (at >= froms[w]! && value > best[w]!) best[w] = value;
      };
      // Several items of a batch in one district: its neighbours are indexed by bigram once and
      // each item's shared bigrams counted from the postings (NeighbourIndex), not pair by pair.
      let index: NeighbourIndex | null = null;
      if (batch && neighbours.length >= INDEX_FROM) {
        // Built for the second item of a district, not the first: a batch of one never pays for it.
        if (!batch.indexes.has(place.key)) batch.indexes.set(place.key, null);
        else batch.indexes.set(place.key, (index = batch.indexes.get(place.key) ?? new NeighbourIndex(neighbours)));
      }
      const score = sameDistrictScorer(place.addr);
      if (index) {
        const scores = index.scores(place.addr);
        for (let i = 0; i < neighbours.length; i++) if (counts(neighbours[i]!)) note(neighbours[i]!.at, scores[i]!);
      } else {
        for (const n of neighbours) {
          if (!counts(n)) continue;
          const floor = floorAt(n.at);
          if (floor < 1) note(n.at, score(n, floor));
        }
      }
      for (const n of added) {
        if (!counts(n)) continue;
        const floor = floorAt(n.at);
        if (floor < 1) note(n.at, score(n, floor));
      }
    }
    windows.forEach((hours, w) => (out[String(hours)] = Math.round(best[w]! * 1000) / 1000));
    return out;
  }

  /**
   * The open orders of an address's district since `since`, at most the newest
   * MAX_ADDRESS_CANDIDATES, from the district index alone (it leads with the district and the
   * time, and carries the state and the other address parts), their details folded once.
   */
  private async neighbours(table: string, f: FactFields, addr: AddressValue, since: string, now: string): Promise<Neighbour[]> {
    const c = (part: keyof AddressValue) => id(`${f.address}_${part}`);
    const districts = regionSpellings(addr.district, 'district');
    const provinces = regionSpellings(addr.province, 'province');
    const cities = regionSpellings(addr.city, 'city');
    const open = DatabaseFacts.notIn(f.stateField, f.closed);
    const select = `SELECT ${id('id')} AS id, ${id(f.time)} AS t, ${c('detail')} AS detail, ${c('hash')} AS hash FROM ${id(table)}`;
    const rest = ` AND ${id(f.time)} >= ? AND ${id(f.time)} <= ? AND ${c('province')} IN (${marks(provinces)}) AND ${c('city')} IN (${marks(cities)})${open.text}`;
    const restBindings = [since, now, ...provinces, ...cities, ...open.bindings];
    // Most districts hold fewer open orders in the window than the cap: all of them come back
    // in one query, unsorted.
    // Rows as arrays (id, t, detail, hash): a district holds dozens to hundreds of them.
    const values = (sql: Sql) => queryValues(this.store.knex, sql.text, sql.bindings);
    let rows = await values({ text: `${select} WHERE ${c('district')} IN (${marks(districts)})${rest} LIMIT ${MAX_ADDRESS_CANDIDATES + 1}`, bindings: [...districts, ...restBindings] });
    if (rows.length > MAX_ADDRESS_CANDIDATES) {
      // A crowded district: the newest of each spelling straight from the index, which is
      // ordered by time within a district (nothing read past the cap, nothing sorted), merged here.
      rows = [];
      for (const d of districts) {
        rows.push(...(await values({ text: `${select} WHERE ${c('district')} = ?${rest} ORDER BY ${id(f.time)} DESC LIMIT ${MAX_ADDRESS_CANDIDATES}`, bindings: [d, ...restBindings] })));
      }
    }
    const out = rows.map(([rowId, t, detail, hash]) => ({ id: Number(rowId), at: new Date(t as string | Date).getTime(), detail: this.foldStored(Number(rowId), detail as string | null), hash: (hash as string | null) ?? null }));
    // Newest first (see cutoffOf); a crowded district's several spellings merged down to the cap.
    return out.sort((a, b) => b.at - a.at).slice(0, MAX_ADDRESS_CANDIDATES);
  }

  private async stock(f: FactFields, subject: FactSubject, batch?: BatchCache): Promise<Record<string, number>> {
    const lines = f.lines ? ((subject.data[f.lines] as Record<string, unknown>[] | null | undefined) ?? []) : [];
    const skus = [...new Set(lines.map((l) => l?.[f.sku]).filter(present))];
    const stock: Record<string, number> = {};
    if (skus.length === 0) return stock;
    const presale = new Set<string>();
    for (const level of await this.levels(skus, batch)) {
      // Presale SKUs take orders beyond stock: never "short".
      if (level.presale.enabled) presale.add(level.sku);
      stock[level.sku] = (stock[level.sku] ?? 0) + level.available;
    }
    for (const sku of presale) delete stock[sku];
    return stock;
  }

  /** The stock rows of these SKUs; in a batch each SKU is read once (as of the batch's start, like every fact). */
  private async levels(skus: string[], batch?: BatchCache): Promise<StockLevel[]> {
    if (!batch) return this.store.stock.levelsOf(skus);
    const missing = skus.filter((sku) => !batch.stock.has(sku));
    if (missing.length) {
      for (const sku of missing) batch.stock.set(sku, []);
      for (const level of await this.store.stock.levelsOf(missing)) batch.stock.get(level.sku)?.push(level);
    }
    return skus.flatMap((sku) => batch.stock.get(sku) ?? []);
  }
}

/** An open order of a district within the window, as similarity compares it. */
interface Neighbour extends DistrictNeighbour {
  id: number | null;
  at: number;
}

/**
 * The time of the MAX_ADDRESS_CANDIDATES-th newest of the stored neighbours (newest first, as
 * `neighbours` returns them) and the batch's own together: older ones are not compared.
 * -Infinity when there are no more than that many.
 */
function cutoffOf(stored: Neighbour[], added: Neighbour[]): number {
  if (stored.length + added.length <= MAX_ADDRESS_CANDIDATES) return -Infinity;
  const extra = added.map((n) => n.at).sort((a, b) => b - a);
  let [i, j, at] = [0, 0, -Infinity];
  for (let k = 0; k < MAX_ADDRESS_CANDIDATES; k++) at = j >= extra.length || (i < stored.length && stored[i]!.at >= extra[j]!) ? stored[i++]!.at : extra[j++]!;
  return at;
}

/** What a batch has read (and added) so far; see `DatabaseFacts.batch`. */
interface BatchCache {
  /** By district and window: the open orders read from the database. */
  neighbours: Map<string, Neighbour[]>;
  /** By district and window: the batch's own new orders, decided so far. */
  added: Map<string, Neighbour[]>;
  /** By district and window: the stored neighbours indexed by bigram (see `similarity`), null until a second item asks. */
  indexes: Map<string, NeighbourIndex | null>;
  /** By SKU: its stock rows (one per warehouse). */
  stock: Map<string, StockLevel[]>;
}

/** `DatabaseFacts` for the items of one batch: see `DatabaseFacts.batch`. */
export class BatchFacts implements BatchFactSource, BatchCache {
  readonly neighbours = new Map<string, Neighbour[]>();
  readonly added = new Map<string, Neighbour[]>();
  readonly indexes = new Map<string, NeighbourIndex | null>();
  readonly stock = new Map<string, StockLevel[]>();

  constructor(private readonly facts: DatabaseFacts) {}

  compute(app: LoadedApp, subject: FactSubject, kinds: FactKind[], now: string): Promise<RecordFacts> {
    return this.facts.compute(app, subject, kinds, now, this);
  }

  /** A new record of the batch, as decided: the items after it see it as a neighbour. */
  remember(app: LoadedApp, subject: FactSubject, now: string): void {
    this.facts.remember(app, subject, now, this);
  }
}
