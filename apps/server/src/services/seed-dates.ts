import type { Seed, SeedRecord } from '@statecraft/template-oms';
import type { AppDefinition, Entity } from '@statecraft/schema';

const DAY_MS = 86_400_000;

/** A seed moved in time: the records' dates as if the demo history had just happened. */
export interface ShiftedSeed {
  seed: Seed;
  /** How far every datetime moved (ms); date fields moved by `shiftDays`. */
  shiftMs: number;
  shiftDays: number;
}

type Kinds = Map<string, 'datetime' | 'date' | { lines: string }>;

function kindsOf(definition: AppDefinition): Map<string, Kinds> {
  const byEntity = new Map<string, Kinds>();
  for (const e of definition.entities as Entity[]) {
    const kinds: Kinds = new Map();
    for (const f of e.fields) {
      if (f.type === 'datetime' || f.type === 'date') kinds.set(f.id, f.type);
      else if (f.type === 'lines') kinds.set(f.id, { lines: f.entity });
    }
    byEntity.set(e.id, kinds);
  }
  return byEntity;
}

const instant = (v: unknown): number | null => (typeof v === 'string' ? (Number.isNaN(Date.parse(v)) ? null : Date.parse(v)) : null);
const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Calls `visit` for every datetime / date value of a record (lines included), letting it replace the value. */
function mapDates(record: Record<string, unknown>, kinds: Kinds | undefined, all: Map<string, Kinds>, visit: (kind: 'datetime' | 'date', v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  for (const [field, kind] of kinds ?? []) {
    const v = out[field];
    if (v === undefined || v === null) continue;
    if (typeof kind === 'object') {
      if (Array.isArray(v)) out[field] = v.map((line) => (line && typeof line === 'object' ? mapDates(line as Record<string, unknown>, all.get(kind.lines), all, visit) : line));
    } else {
      out[field] = visit(kind, v);
    }
  }
  if (out.$at !== undefined) out.$at = visit('datetime', out.$at);
  return out;
}

/**
 * Moves a seed's demo history to the present: every datetime of every record (the definition
 * says which fields are datetimes, lines included, and each record's `$at`) moves by the same
 * amount so that the newest lands on `now` (to the second), keeping their spacing; date fields
 * and the stock's presale ship dates move by the same number of whole days. A fresh install then
 * shows today's orders and fulfilment times of hours, not of the years since the seed was written.
 *
 * @example const { seed } = shiftSeedDates(omsSeed, omsDefinition, new Date()); // SO…13 ordered "now"
 */
export function shiftSeedDates(seed: Seed, definition: AppDefinition, now: Date): ShiftedSeed {
  const kinds = kindsOf(definition);
  let newest = -Infinity;
  for (const [entity, records] of Object.entries(seed.records)) {
    for (const r of records) {
      mapDates(r, kinds.get(entity), kinds, (kind, v) => {
        const t = kind === 'datetime' ? instant(v) : null;
        if (t !== null && t > newest) newest = t;
        return v;
      });
    }
  }
  if (newest === -Infinity) return { seed, shiftMs: 0, shiftDays: 0 };
  const shiftMs = Math.floor(now.getTime() / 1000) * 1000 - newest;
  const shiftDays = Math.round(shiftMs / DAY_MS);
  const move = (kind: 'datetime' | 'date', v: unknown): unknown => {
    if (kind === 'date') return isDate(v) ? addDays(v, shiftDays) : v;
    const t = instant(v);
    return t === null ? v : new Date(t + shiftMs).toISOString();
  };
  const records = Object.fromEntries(
    Object.entries(seed.records).map(([entity, list]) => [entity, list.map((r) => mapDates(r, kinds.get(entity), kinds, move) as SeedRecord)]),
  );
  const stock = seed.stock?.map((s) => (s.presale?.ship_date ? { ...s, presale: { ...s.presale, ship_date: addDays(s.presale.ship_date, shiftDays) } } : s));
  return { seed: { ...seed, records, ...(stock ? { stock } : {}) }, shiftMs, shiftDays };
}
