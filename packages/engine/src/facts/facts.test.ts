import type { AppDefinition } from '@statecraft/schema';
import { describe, expect, it } from 'vitest';
import { compileLogic } from '../logic/compile.ts';
import { appOperators, standardOperators } from '../logic/registry.ts';
import { baseDefinition } from '../testing/base-definition.ts';
import { validateDefinition } from '../validate/validate-definition.ts';
import { addressMatcher, addressSimilarity, foldDetail, NeighbourIndex, normaliseRegion, regionSpellings, sameDistrictScorer, textSimilarity } from './address-similarity.ts';
import { factRequirements } from './fact-requirements.ts';

// Only the rules matter here; the base definition's dashboards follow a schema still being extended.
function base(): AppDefinition {
  const def = baseDefinition() as AppDefinition;
  (def as { dashboards?: unknown[] }).dashboards = [];
  return def;
}

const run = (expression: unknown, data: unknown) => compileLogic(expression, appOperators)(data);

describe('fact operators', () => {
  const facts = {
    buyer_recent_orders: { '24': 2, '168': 5 },
    address_similarity: { '72': 0.9 },
    stock_available: { A: 3, B: 0 },
    buyer_history: { orders: 7, cancelled: 2, paid_amount: 120000, first_order_at: '2025-01-01T00:00:00.000Z' },
  };
  it('read the facts the server put in $facts, by window', () => {
    expect(run({ buyer_recent_orders: 24 }, { $facts: facts })).toBe(2);
    expect(run({ buyer_recent_orders: [168] }, { $facts: facts })).toBe(5);
    expect(run({ address_similarity: 72 }, { $facts: facts })).toBe(0.9);
    expect(run({ stock_available: 'A' }, { $facts: facts })).toBe(3);
    expect(run({ buyer_history: 'cancelled' }, { $facts: facts })).toBe(2);
  });

  it('give null for a fact that was not computed, so comparisons do not hold', () => {
    expect(run({ buyer_recent_orders: 48 }, { $facts: facts })).toBeNull();
    expect(run({ '>=': [{ buyer_recent_orders: 24 }, 2] }, {})).toBe(false);
    expect(run({ stock_available: 'toString' }, { $facts: facts })).toBeNull();
  });

  it('stock_short_lines sums quantities per SKU and counts SKUs over the available stock; unknown SKUs never count', () => {
    const lines = (a: number) => [{ sku_code: 'A', qty: a - 1 }, { sku_code: 'A', qty: 1 }, { sku_code: 'C', qty: 99 }];
    expect(run({ stock_short_lines: [] }, { lines: lines(3), $facts: facts })).toBe(0); // exactly enough
    expect(run({ stock_short_lines: [] }, { lines: lines(4), $facts: facts })).toBe(1);
    expect(run({ stock_short_lines: [] }, { lines: [{ sku_code: 'B', qty: 1 }], $facts: facts })).toBe(1);
  });

  it('are unknown to the standard registry but accepted by validateDefinition by default', () => {
    expect(() => compileLogic({ buyer_recent_orders: 24 }, standardOperators)).toThrow(/buyer_recent_orders/);
    const def = base();
    def.rules[1]!.condition = { '>=': [{ buyer_recent_orders: 24 }, 2] };
    expect(validateDefinition(def).filter((p) => p.code.startsWith('DEF_UNKNOWN_OPERATOR') || p.code.startsWith('DEF_FACT'))).toEqual([]);
  });

  it('refuse windows and keys the server cannot know in advance, and facts inside a line scope', () => {
    const def = base();
    def.rules[1]!.condition = {
      and: [
        { '>=': [{ buyer_recent_orders: { var: 'qty' } }, 2] },
        { '>': [{ address_similarity: -1 }, 0.8] },
        { '==': [{ buyer_history: 'favourite_colour' }, 1] },
        { some: [{ var: 'lines' }, { '<': [{ stock_available: { var: 'sku' } }, 1] }] },
      ],
    };
    const codes = validateDefinition(def).filter((p) => p.code.startsWith('DEF_FACT')).map((p) => `${p.path} ${p.code}`);
    expect(codes).toEqual([
      '/rules/1/condition/and/0/>=/0 DEF_FACT_ARGUMENT',
      '/rules/1/condition/and/1/>/0 DEF_FACT_ARGUMENT',
      '/rules/1/condition/and/2/==/0 DEF_FACT_ARGUMENT',
      '/rules/1/condition/and/3/some/1/</0 DEF_FACT_IN_SCOPE',
    ]);
  });

  it('factRequirements lists what the server must compute, per entity', () => {
    const def = base();
    const entity = def.rules[1]!.entity;
    def.rules[1]!.condition = { or: [{ '>=': [{ buyer_recent_orders: 24 }, 2] }, { '>=': [{ buyer_recent_orders: 2 }, 1] }, { '>': [{ stock_short_lines: [] }, 0] }] };
    expect(factRequirements(def).get(entity)).toEqual({ buyer_recent_orders: [2, 24], address_similarity: [], stock: true, buyer_history: false });
  });
});

describe('addressSimilarity', () => {
  const a = { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号 1 幢 501 室' };
  it('folds the ways people write the same address', () => {
    expect(addressSimilarity(a, { province: '浙江', city: '杭州', district: '西湖区', detail: '文三路90号1幢501室' })).toBe(1);
    expect(addressSimilarity(a, { ...a, detail: '文三路90号1栋502室' })).toBeGreaterThan(0.7);
    expect(normaliseRegion(' 新疆维吾尔自治区 ')).toBe('新疆');
    expect(regionSpellings('西湖区')).toEqual(expect.arrayContaining(['西湖区', '西湖']));
  });

  it('one district away is a different place however alike the street; the platform hash decides when both have one', () => {
    expect(addressSimilarity(a, { ...a, district: '拱墅区' })).toBe(0);
    expect(addressSimilarity({ ...a, hash: 'h1', detail: '文**' }, { ...a, hash: 'h1', detail: '***' })).toBe(1);
    expect(addressSimilarity(a, { ...a, detail: '余杭塘路 866 号' })).toBeLessThan(0.3);
  });

  it('scores one address against many as it would pair by pair', () => {
    const others = [
      { province: '浙江', city: '杭州', district: '西湖区', detail: '文三路90号1幢501室' },
      { ...a, district: '拱墅区' },
      { ...a, detail: '文三路90号1栋502室' },
      { province: '浙江', city: '杭州市', district: '西湖', detail: '文三路 90 号' },
      { ...a, detail: null },
      null,
    ];
    const score = addressMatcher(a);
    expect(others.map(score)).toEqual(others.map((o) => addressSimilarity(a, o)));
    expect(others.map(score)).toEqual([1, 0, expect.any(Number), expect.any(Number), 0, 0]);
    expect(addressMatcher(null)(a)).toBe(0);
    // Dice over bigrams: "ab","bc" shared with "ab","bd" → 2·1/4.
    expect(textSimilarity('abc', 'abd')).toBe(0.5);
    expect(textSimilarity('', '')).toBe(0);
  });

  it('counts shared bigrams with multiplicity, as a pairwise count would (generated texts)', () => {
    // Reference: Dice over bigram multisets, counted with a map.
    const grams = (t: string) => (t.length === 1 ? [t] : Array.from({ length: Math.max(0, t.length - 1) }, (_, i) => t.slice(i, i + 2)));
    const reference = (x: string, y: string) => {
      if (x === y) return x.length === 0 ? 0 : 1;
      const gx = grams(x);
      const gy = grams(y);
      if (gx.length + gy.length === 0) return 0;
      const left = new Map<string, number>();
      for (const g of gx) left.set(g, (left.get(g) ?? 0) + 1);
      let shared = 0;
      for (const g of gy) {
        const n = left.get(g) ?? 0;
        if (n > 0) {
          shared++;
          left.set(g, n - 1);
        }
      }
      return (2 * shared) / (gx.length + gy.length);
    };
    const alphabet = ['文', '三', '路', '号', '栋', '*', 'a', '1', '9', '\u{20BB7}'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const text = () => Array.from({ length: Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let i = 0; i < 500; i++) {
      const [x, y] = [text(), text()];
      expect(textSimilarity(x, y), `${x} / ${y}`).toBeCloseTo(reference(x, y), 12);
    }
  });

  it('scores folded neighbours of the same district as the pairwise matcher does', () => {
    const neighbours = [{ detail: '文三路90号1幢501室' }, { detail: '文三路 90 号 1 栋 502 室' }, { detail: '' }, { detail: '文三路**号', hash: 'h1' }];
    const score = sameDistrictScorer({ ...a, hash: 'h1' });
    expect(neighbours.map((n) => score({ detail: foldDetail(n.detail), hash: n.hash }))).toEqual(neighbours.map((n) => addressSimilarity({ ...a, hash: 'h1' }, { ...a, ...n })));
    expect(score({ detail: foldDetail('文三路**号'), hash: 'h1' })).toBe(1);
    // With a floor (the best so far), a neighbour that cannot beat it may answer 0; one that can gives its score.
    const plain = sameDistrictScorer(a);
    for (const detail of ['文三路90号1幢501室', '文三路90号', '文', '西湖大道 1 号 2 栋 3 单元 404 室', '']) {
      const full = plain({ detail: foldDetail(detail) });
      for (const floor of [0, 0.3, 0.5, 0.85, 0.99]) {
        const got = plain({ detail: foldDetail(detail) }, floor);
        if (full > floor) expect(got, `${detail} above ${floor}`).toBe(full);
        else expect(got, `${detail} at most ${floor}`).toBeLessThanOrEqual(floor);
      }
    }
  });

  it('scores through a bigram index exactly as neighbour by neighbour (generated addresses)', () => {
    const parts = ['文三路', '中山北路', '90号', '1幢', '1栋', '501室', '**号', '**栋', '花园', '小区', ' ', 'a', '文'];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const detail = () => Array.from({ length: Math.floor(next() * 6) }, () => parts[Math.floor(next() * parts.length)]).join('');
    const hash = () => (next() < 0.1 ? 'h1' : next() < 0.1 ? null : 'h2');
    const neighbours = Array.from({ length: 200 }, () => ({ detail: foldDetail(detail()), hash: hash() }));
    const index = new NeighbourIndex(neighbours);
    for (let k = 0; k < 100; k++) {
      const subject = { ...a, detail: detail(), hash: next() < 0.5 ? 'h1' : null };
      const score = sameDistrictScorer(subject);
      const got = Array.from(index.scores(subject));
      got.forEach((value, i) => expect(value, `${subject.detail} / ${neighbours[i]!.detail.text}`).toBeCloseTo(score(neighbours[i]!), 12));
    }
  });
});
