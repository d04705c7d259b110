import { describe, expect, it } from 'vitest';
import { scenarios, seed } from './index.ts';

type Line = { sku_code: string; qty: number };

/** Σ qty per SKU over lines. */
function demand(lines: Line[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) out.set(l.sku_code, (out.get(l.sku_code) ?? 0) + l.qty);
  return out;
}

describe('seed.json stock', () => {
  const stock = seed.stock ?? [];
  const products = (seed.records.product ?? []) as { sku_code: string; presale_enabled?: boolean; presale_ship_date?: string }[];

  it('stocks every product once, in the main warehouse, with whole non-negative quantities', () => {
    expect(stock.map((s) => s.sku_code).sort()).toEqual(products.map((p) => p.sku_code).sort());
    for (const s of stock) {
      expect(s.warehouse).toBe('main');
      expect(Number.isInteger(s.on_hand) && s.on_hand >= 0).toBe(true);
      expect(Number.isInteger(s.safety_stock ?? 0) && (s.safety_stock ?? 0) >= 0).toBe(true);
    }
  });

  it('turns presale on exactly for the presale products, with their ship date', () => {
    for (const p of products) {
      const s = stock.find((x) => x.sku_code === p.sku_code)!;
      expect(s.presale?.enabled ?? false).toBe(p.presale_enabled ?? false);
      if (p.presale_enabled) expect(s.presale?.ship_date).toBe(p.presale_ship_date);
    }
  });

  it('covers the seed orders and every scenario replayed on one database, without touching safety stock', () => {
    // The server replays all scenarios on one database: their paid orders must not run short there.
    const lines: Line[] = [];
    for (const o of (seed.records.order ?? []) as { lines: Line[] }[]) lines.push(...o.lines);
    for (const s of scenarios) for (const step of s.steps) if (step.do === 'create' && step.entity === 'order') lines.push(...((step.data as { lines?: Line[] }).lines ?? []));
    for (const [sku, qty] of demand(lines)) {
      const s = stock.find((x) => x.sku_code === sku);
      expect(s, sku).toBeDefined();
      expect(qty, sku).toBeLessThanOrEqual(s!.on_hand - (s!.safety_stock ?? 0));
    }
  });
});
