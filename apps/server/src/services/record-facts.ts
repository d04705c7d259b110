import { addressSimilarity, decide, factRequirements, regionSpellings, type AddressValue, type Command, type Ctx, type Decision, type FactRequirements, type RecordFacts } from '@statecraft/engine';
import type { AppDefinition } from '@statecraft/schema';
import { entityTable, type Store } from '@statecraft/store';
import type { LoadedApp } from './app-registry.ts';

type QueryBuilder = ReturnType<Store['knex']>;

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
  let facts: RecordFacts = {};
  const computed = new Set<string>();
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
    if (missing.length === 0) return decision;
    facts = { ...facts, ...(await source.compute(app, subject, missing, ctx.now)) };
    for (const k of missing) computed.add(k);
  }
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

/** `a UNION ALL b …` without parentheses around the parts (SQLite refuses them); `IN` dedupes. */
function unionOf(parts: QueryBuilder[]): QueryBuilder {
  const [first, ...rest] = parts;
  return rest.length ? first!.unionAll(rest) : first!;
}

/** A phone the platform masked (138****1234) identifies nobody: it is not used to match buyers. */
const usablePhone = (p: unknown): p is string => typeof p === 'string' && p.length >= 7 && !p.includes('*');
const present = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * Facts from the database, each from an indexed query (the template declares the indexes):
 * the same buyer by (channel, buyer_id, ordered_at), (channel, buyer_nick, ordered_at) and
 * (receiver_phone, ordered_at); similar addresses by (province, city, district) among the newest
 * open orders of the window; stock by SKU. Never a full scan.
 */
export class DatabaseFacts implements FactSource {
  private readonly requirements = new WeakMap<LoadedApp, Map<string, FactRequirements>>();
  private readonly fields = new WeakMap<LoadedApp, Map<string, FactFields>>();

  constructor(private readonly store: Pick<Store, 'knex' | 'stock' | 'dialect'>) {}

  async compute(app: LoadedApp, subject: FactSubject, kinds: FactKind[], now: string): Promise<RecordFacts> {
    let reqs = this.requirements.get(app);
    if (!reqs) this.requirements.set(app, (reqs = factRequirements(app.definition)));
    let byEntity = this.fields.get(app);
    if (!byEntity) this.fields.set(app, (byEntity = new Map()));
    let f = byEntity.get(subject.entity);
    if (!f) byEntity.set(subject.entity, (f = factFields(app.definition, subject.entity)));
    const req = reqs.get(subject.entity) ?? { buyer_recent_orders: [], address_similarity: [], stock: false, buyer_history: false };
    const table = entityTable(subject.entity);
    const facts: RecordFacts = {};
    for (const kind of kinds) {
      if (kind === 'buyer_recent_orders') facts.buyer_recent_orders = await this.recentOrders(table, f, req.buyer_recent_orders, subject, now);
      else if (kind === 'buyer_history') facts.buyer_history = await this.history(table, f, subject);
      else if (kind === 'address_similarity') facts.address_similarity = await this.similarity(table, f, req.address_similarity, subject, now);
      else if (kind === 'stock_available') facts.stock_available = await this.stock(f, subject);
    }
    return facts;
  }

  /** One indexed sub-query per way of recognising the buyer; their union is deduplicated by id. */
  private buyerQueries(table: string, f: FactFields, subject: FactSubject, since: string | null, now: string): QueryBuilder[] {
    const d = subject.data;
    const knex = this.store.knex;
    const base = () => {
      const q = knex(table).select('id');
      if (subject.id !== null) q.whereNot('id', subject.id);
      if (since !== null) q.where(f.time, '>=', since).where(f.time, '<=', now);
      return q;
    };
    const parts: QueryBuilder[] = [];
    if (f.channel && present(d[f.channel])) {
      if (f.buyerId && present(d[f.buyerId])) parts.push(base().where({ [f.channel]: d[f.channel], [f.buyerId]: d[f.buyerId] }));
      if (f.buyerNick && present(d[f.buyerNick])) parts.push(base().where({ [f.channel]: d[f.channel], [f.buyerNick]: d[f.buyerNick] }));
    }
    if (f.phone && usablePhone(d[f.phone])) parts.push(base().where({ [f.phone]: d[f.phone] }));
    return parts;
  }

  private async recentOrders(table: string, f: FactFields, windows: number[], subject: FactSubject, now: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const hours of windows) {
      const since = new Date(Date.parse(now) - hours * HOUR).toISOString();
      const parts = this.buyerQueries(table, f, subject, since, now);
      if (parts.length === 0) {
        out[String(hours)] = 0;
        continue;
      }
      const q = this.store.knex(table).count({ n: '*' }).whereIn('id', unionOf(parts));
      if (f.stateField && f.cancelled.length) q.whereNotIn(f.stateField, f.cancelled);
      const row = (await q.first()) as { n?: number | string } | undefined;
      out[String(hours)] = Number(row?.n ?? 0);
    }
    return out;
  }

  private async history(table: string, f: FactFields, subject: FactSubject): Promise<NonNullable<RecordFacts['buyer_history']>> {
    const parts = this.buyerQueries(table, f, subject, null, '');
    if (parts.length === 0) return { orders: 0, cancelled: 0, paid_amount: 0, first_order_at: null };
    const knex = this.store.knex;
    const cancelled = f.stateField && f.cancelled.length ? knex.raw(`sum(case when ?? in (${f.cancelled.map(() => '?').join(',')}) then 1 else 0 end)`, [f.stateField, ...f.cancelled]) : knex.raw('0');
    const row = (await knex(table)
      .whereIn('id', unionOf(parts))
      .first(
        knex.raw('count(*) as orders'),
        knex.raw('? as cancelled', [cancelled]),
        f.paidAmount ? knex.raw('coalesce(sum(??), 0) as paid', [f.paidAmount]) : knex.raw('0 as paid'),
        knex.raw('min(??) as first', [f.time]),
      )) as { orders?: unknown; cancelled?: unknown; paid?: unknown; first?: unknown } | undefined;
    const first = row?.first;
    return {
      orders: Number(row?.orders ?? 0),
      cancelled: Number(row?.cancelled ?? 0),
      paid_amount: Number(row?.paid ?? 0),
      first_order_at: first === null || first === undefined ? null : new Date(first as string).toISOString(),
    };
  }

  private async similarity(table: string, f: FactFields, windows: number[], subject: FactSubject, now: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    if (windows.length === 0) return out;
    const addr = f.address ? (subject.data[f.address] as AddressValue | null | undefined) : null;
    let rows: Record<string, unknown>[] = [];
    if (f.address && addr?.province && addr.city && addr.district) {
      const c = (part: string) => `${f.address}_${part}`;
      const since = new Date(Date.parse(now) - Math.max(...windows) * HOUR).toISOString();
      const q = this.store
        .knex(table)
        .select(f.time, c('province'), c('city'), c('district'), c('detail'), c('hash'))
        // Province, city and district lead the address index: an index range, never the table.
        .whereIn(c('province'), regionSpellings(addr.province, 'province'))
        .whereIn(c('city'), regionSpellings(addr.city, 'city'))
        .whereIn(c('district'), regionSpellings(addr.district, 'district'))
        .limit(MAX_ADDRESS_CANDIDATES);
      if (this.store.dialect === 'sqlite') {
        // SQLite's planner would rather walk the time index over every order of the window (tens
        // of thousands at a million orders); a unary + keeps it on the address index, whose last
        // column is the time, so only the district's rows of the window are read.
        q.whereRaw('+?? >= ?', [f.time, since]).whereRaw('+?? <= ?', [f.time, now]).orderByRaw('+?? desc', [f.time]);
      } else {
        q.where(f.time, '>=', since).where(f.time, '<=', now).orderBy(f.time, 'desc');
      }
      if (subject.id !== null) q.whereNot('id', subject.id);
      if (f.stateField && f.closed.length) q.whereNotIn(f.stateField, f.closed);
      rows = await q;
    }
    for (const hours of windows) {
      const from = Date.parse(now) - hours * HOUR;
      let best = 0;
      for (const r of rows) {
        if (new Date(r[f.time] as string).getTime() < from) continue;
        const other: AddressValue = {
          province: r[`${f.address}_province`] as string,
          city: r[`${f.address}_city`] as string,
          district: r[`${f.address}_district`] as string,
          detail: r[`${f.address}_detail`] as string | null,
          hash: r[`${f.address}_hash`] as string | null,
        };
        best = Math.max(best, addressSimilarity(addr, other));
      }
      out[String(hours)] = Math.round(best * 1000) / 1000;
    }
    return out;
  }

  private async stock(f: FactFields, subject: FactSubject): Promise<Record<string, number>> {
    const lines = f.lines ? ((subject.data[f.lines] as Record<string, unknown>[] | null | undefined) ?? []) : [];
    const skus = [...new Set(lines.map((l) => l?.[f.sku]).filter(present))];
    const stock: Record<string, number> = {};
    if (skus.length === 0) return stock;
    const presale = new Set<string>();
    for (const level of await this.store.stock.list({ skus, limit: 1000 })) {
      // Presale SKUs take orders beyond stock: never "short".
      if (level.presale.enabled) presale.add(level.sku);
      stock[level.sku] = (stock[level.sku] ?? 0) + level.available;
    }
    for (const sku of presale) delete stock[sku];
    return stock;
  }
}
