import { definition, seed } from '@statecraft/template-oms';
import { describe, expect, it } from 'vitest';
import { shiftSeedDates } from './seed-dates.ts';

type Order = { order_no: string; ordered_at: string; paid_at?: string; expected_ship_date?: string; $at?: string };
const orders = (s: typeof seed) => s.records.order as unknown as Order[];
const newest = (s: typeof seed) => Math.max(...orders(s).flatMap((o) => [o.ordered_at, o.paid_at, o.$at].filter(Boolean).map((v) => Date.parse(v!))));

describe('shiftSeedDates', () => {
  const now = new Date('2026-03-02T09:30:15.750Z');
  const { seed: shifted, shiftMs, shiftDays } = shiftSeedDates(seed, definition, now);

  it('lands the newest seed datetime on now (to the second), every datetime moved by the same amount', () => {
    expect(newest(shifted)).toBe(Date.parse('2026-03-02T09:30:15.000Z'));
    orders(seed).forEach((o, i) => {
      const s = orders(shifted)[i]!;
      expect(s.order_no).toBe(o.order_no);
      expect(Date.parse(s.ordered_at) - Date.parse(o.ordered_at)).toBe(shiftMs);
      if (o.paid_at) expect(Date.parse(s.paid_at!) - Date.parse(o.paid_at)).toBe(shiftMs);
      if (o.$at) expect(Date.parse(s.$at!) - Date.parse(o.$at)).toBe(shiftMs);
    });
    // Other entities' datetimes too (customers' first order).
    const first = (r: typeof seed) => (r.records.customer as unknown as { first_order_at: string }[])[0]!.first_order_at;
    expect(Date.parse(first(shifted)) - Date.parse(first(seed))).toBe(shiftMs);
  });

  it('moves dates by whole days, presale ship dates of the stock included; nothing else changes', () => {
    expect(shiftDays).toBe(Math.round(shiftMs / 86_400_000));
    const presale = orders(seed).findIndex((o) => o.expected_ship_date);
    expect(presale).toBeGreaterThanOrEqual(0);
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    expect(days(orders(seed)[presale]!.expected_ship_date!, orders(shifted)[presale]!.expected_ship_date!)).toBe(shiftDays);
    const stock = (s: typeof seed) => s.stock!.find((x) => x.presale?.ship_date)!.presale!.ship_date!;
    expect(days(stock(seed), stock(shifted))).toBe(shiftDays);
    // Amounts, lines and references are untouched; the input is not mutated.
    const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => !/_at$|_date$|^\$at$/.test(k)));
    expect(orders(shifted).map(strip)).toEqual(orders(seed).map(strip));
    expect(newest(seed)).toBe(Date.parse('2024-11-11T07:45:00.000Z'));
  });

  it('leaves a seed without datetimes as it is', () => {
    const bare = { users: [], records: { shop: [{ code: 'X' }] } };
    expect(shiftSeedDates(bare, definition, now)).toEqual({ seed: bare, shiftMs: 0, shiftDays: 0 });
  });
});
