import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { AppDefinition } from '@statecraft/schema';
import jsonLogic from 'json-logic-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { definitionExpressions } from '../definition/expressions.ts';
import { Random } from '../testing/random.ts';
import { sampleRecords } from '../testing/sample-records.ts';
import { compileLogic } from './compile.ts';

// The reference: our compiled closures must give what json-logic-js 2.0.5's apply gives,
// including thrown errors (e.g. a `missing_some` over null throws in both).

type Outcome = { value: unknown } | { error: true };

function run(f: () => unknown): Outcome {
  try {
    return { value: f() };
  } catch {
    return { error: true };
  }
}

function compare(expression: unknown, data: unknown): string | undefined {
  const expected = run(() => jsonLogic.apply(expression, data));
  const actual = run(() => compileLogic(expression)(data));
  if (isDeepStrictEqual(expected, actual)) return undefined;
  return `${JSON.stringify(expression)} over ${JSON.stringify(data)}: json-logic-js ${JSON.stringify(expected)}, compiled ${JSON.stringify(actual)}`;
}

const TEMPLATE = new URL('../../../../templates/ecommerce-oms/definition.json', import.meta.url);

beforeAll(() => {
  // json-logic-js's `log` prints; ours must not. Keep the test output clean.
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(() => {
  vi.restoreAllMocks();
});

describe('compiled json-logic against json-logic-js', () => {
  it('agrees on every expression of the OMS template over sample records', () => {
    const def = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as AppDefinition;
    const expressions = definitionExpressions(def);
    expect(expressions.length).toBeGreaterThan(5);
    const samples = new Map<string, Record<string, unknown>[]>();
    const mismatches: string[] = [];
    let checked = 0;
    for (const { entity, expression } of expressions) {
      let records = samples.get(entity);
      if (!records) {
        records = sampleRecords(def, entity, 40, 7).map((data, i) => ({
          ...data,
          $now: `2026-01-01T00:${String(i).padStart(2, '0')}:00.000Z`,
          $actor: { id: 'u1', roles: ['ops'] },
          $record: { id: i + 1, version: 1, hold: i % 3 === 0 ? { reason: { 'zh-CN': '暂停' }, at: '2026-01-01T00:00:00Z', by: 'u1' } : null },
          $facts: { buyer_order_count: i % 5, stock_short: i % 2 === 0 },
        }));
        samples.set(entity, records);
      }
      for (const data of records) {
        checked++;
        const mismatch = compare(expression, data);
        if (mismatch) mismatches.push(mismatch);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it('agrees on 3,000 random expressions over random data (seeded)', () => {
    const random = new Random(20260101);
    const mismatches: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const data = randomData(random);
      const expression = randomExpression(random, 4, 'root');
      const mismatch = compare(expression, data);
      if (mismatch) mismatches.push(mismatch);
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('is faster than json-logic-js apply once compiled (printed, not asserted)', () => {
    const expression = {
      and: [
        { '>': [{ var: 'paid_amount' }, 500000] },
        { in: [{ var: 'channel' }, ['taobao', 'jd', 'pdd']] },
        { '!': { missing: ['receiver_name', 'ship_to'] } },
        { '<=': [0, { reduce: [{ var: 'lines' }, { '+': [{ var: 'accumulator' }, { var: 'current.qty' }] }, 0] }, 100] },
      ],
    };
    const data = {
      paid_amount: 600000,
      channel: 'jd',
      receiver_name: '张三',
      ship_to: { province: '浙江省' },
      lines: [{ qty: 2 }, { qty: 3 }],
    };
    const compiled = compileLogic(expression);
    const n = 20000;
    let sink = 0;
    // Warm both up first, so that the JIT compares like with like.
    for (let i = 0; i < 2000; i++) if (jsonLogic.apply(expression, data) && compiled(data)) sink -= 2;
    sink += 4000;
    let t = performance.now();
    for (let i = 0; i < n; i++) if (jsonLogic.apply(expression, data)) sink++;
    const reference = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < n; i++) if (compiled(data)) sink++;
    const ours = performance.now() - t;
    process.stdout.write(
      `json-logic: ${n} evaluations: json-logic-js apply ${reference.toFixed(1)} ms, compiled ${ours.toFixed(1)} ms (${(reference / ours).toFixed(1)}x)\n`,
    );
    expect(sink).toBe(2 * n);
  });
});

// ---- random generation ----------------------------------------------------------------------

const SCALARS: readonly unknown[] = [0, 1, -1, 2, 2.5, -0.5, 10, 100, '', '0', '1', '2.5', ' 3 ', 'abc', 'ABC', 'a', 'b', true, false, null];
const ROOT_PATHS = ['a', 'b', 'c', 'n', 's', 'arr', 'obj', 'obj.x', 'obj.y.z', 'items', 'items.0.q', 'arr.1', 'empty', 'nul', 'nothing', 's.length', 'arr.length', ''];
const ITEM_PATHS = ['q', 'p', 'name', '', 'nothing', '0'];
const REDUCE_PATHS = ['current', 'current.q', 'accumulator', 'current.p', 'nothing'];

type Scope = 'root' | 'item' | 'reduce';

function randomValue(random: Random, depth = 0): unknown {
  const r = random.next();
  if (r < 0.7 || depth > 1) return random.pick(SCALARS);
  if (r < 0.85) return Array.from({ length: random.int(0, 3) }, () => randomValue(random, depth + 1));
  return { x: randomValue(random, depth + 1), y: { z: randomValue(random, depth + 1) } };
}

function randomData(random: Random): Record<string, unknown> {
  return {
    a: randomValue(random),
    b: randomValue(random),
    c: randomValue(random),
    n: random.int(-5, 20),
    s: random.pick(['hello', '张三', '', '0', '42']),
    arr: Array.from({ length: random.int(0, 4) }, () => random.pick(SCALARS)),
    obj: { x: randomValue(random), y: { z: randomValue(random) } },
    items: Array.from({ length: random.int(0, 4) }, () => ({ q: random.int(0, 5), p: random.pick([0, 990, 19900]), name: random.pick(['杯子', 'mug', '']) })),
    empty: [],
    nul: null,
  };
}

function randomVar(random: Random, scope: Scope): unknown {
  const paths = scope === 'root' ? ROOT_PATHS : scope === 'item' ? ITEM_PATHS : REDUCE_PATHS;
  const path = random.pick(paths);
  const r = random.next();
  if (r < 0.6) return { var: path };
  if (r < 0.8) return { var: [path, random.pick(SCALARS)] };
  if (r < 0.9) return { var: [path] };
  return { var: { cat: [path.slice(0, 1), path.slice(1)] } };
}

function randomArraySource(random: Random, depth: number): unknown {
  const r = random.next();
  if (r < 0.45) return { var: 'items' };
  if (r < 0.65) return { var: 'arr' };
  if (r < 0.75) return { var: random.pick(['empty', 'a', 'nul']) };
  if (r < 0.9) return Array.from({ length: random.int(0, 4) }, () => random.pick(SCALARS));
  return randomExpression(random, depth - 1, 'root');
}

const GENERIC: readonly { op: string; min: number; max: number }[] = [
  { op: '==', min: 2, max: 2 },
  { op: '===', min: 2, max: 2 },
  { op: '!=', min: 2, max: 2 },
  { op: '!==', min: 2, max: 2 },
  { op: '>', min: 2, max: 2 },
  { op: '>=', min: 2, max: 2 },
  { op: '<', min: 2, max: 3 },
  { op: '<=', min: 2, max: 3 },
  { op: '!', min: 1, max: 1 },
  { op: '!!', min: 1, max: 1 },
  { op: 'and', min: 1, max: 4 },
  { op: 'or', min: 1, max: 4 },
  { op: 'if', min: 0, max: 6 },
  { op: '?:', min: 3, max: 3 },
  { op: 'max', min: 1, max: 4 },
  { op: 'min', min: 1, max: 4 },
  { op: '+', min: 1, max: 4 },
  { op: '-', min: 1, max: 2 },
  { op: '*', min: 1, max: 3 },
  { op: '/', min: 2, max: 2 },
  { op: '%', min: 2, max: 2 },
  { op: 'merge', min: 0, max: 3 },
  { op: 'in', min: 2, max: 2 },
  { op: 'cat', min: 0, max: 4 },
  { op: 'substr', min: 2, max: 3 },
  { op: 'log', min: 1, max: 1 },
];

function randomExpression(random: Random, depth: number, scope: Scope): unknown {
  if (depth <= 0 || random.chance(0.2)) return random.chance(0.5) ? randomVar(random, scope) : random.pick(SCALARS);
  const r = random.next();
  if (r < 0.1) return randomVar(random, scope);
  if (r < 0.2) {
    const op = random.pick(['map', 'filter', 'all', 'none', 'some', 'reduce']);
    const source = randomArraySource(random, depth);
    if (op === 'reduce') {
      const step = randomExpression(random, depth - 1, 'reduce');
      return random.chance(0.7) ? { reduce: [source, step, random.pick(SCALARS)] } : { reduce: [source, step] };
    }
    return { [op]: [source, randomExpression(random, depth - 1, 'item')] };
  }
  if (r < 0.25) {
    const keys = Array.from({ length: random.int(0, 3) }, () => random.pick(scope === 'root' ? ROOT_PATHS : ITEM_PATHS));
    if (random.chance(0.5)) return { missing: keys };
    if (random.chance(0.3)) return { missing: { merge: [keys, random.pick(ROOT_PATHS)] } };
    return { missing_some: [random.int(0, 3), keys] };
  }
  if (r < 0.28) {
    // A literal: an array with expressions inside, or an object with several keys (not logic).
    return random.chance(0.5) ? [randomExpression(random, depth - 1, scope), random.pick(SCALARS)] : { p: 1, q: random.pick(SCALARS) };
  }
  const { op, min, max } = random.pick(GENERIC);
  const n = random.int(min, max);
  const args = Array.from({ length: n }, () => randomExpression(random, depth - 1, scope));
  // A single argument may be written without the array, as {"!": x}.
  if (n === 1 && !Array.isArray(args[0]) && random.chance(0.5)) return { [op]: args[0] };
  return { [op]: args };
}
