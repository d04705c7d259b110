import { describe, expect, it, vi } from 'vitest';
import { compileLogic } from './compile.ts';
import { LogicCompileError } from './compile-error.ts';
import { truthy } from './evaluator.ts';
import { OperatorRegistry, standardOperators } from './registry.ts';
import { varReferences } from './var-references.ts';

const run = (expression: unknown, data: unknown = {}) => compileLogic(expression)(data);

function compileError(expression: unknown, registry = standardOperators): LogicCompileError {
  try {
    compileLogic(expression, registry);
  } catch (e) {
    if (e instanceof LogicCompileError) return e;
    throw e;
  }
  throw new Error('expected a compile error');
}

describe('json-logic truthiness', () => {
  it.each([
    [[], false],
    [[0], true],
    ['0', true],
    ['', false],
    [0, false],
    [{}, true],
    [null, false],
  ])('truthy(%j) is %s', (value, expected) => {
    expect(truthy(value)).toBe(expected);
    expect(run({ '!!': [value] })).toBe(expected);
  });

  it('uses it in if, and, or', () => {
    expect(run({ if: [[], 'yes', 'no'] })).toBe('no');
    expect(run({ and: [1, [], 2] })).toEqual([]);
    expect(run({ or: [[], '0'] })).toBe('0');
  });
});

describe('var', () => {
  const data = { a: { b: [10, { c: 'deep' }] }, zero: 0, nul: null, s: 'abc' };

  it('reads dot paths, array indexes and string lengths', () => {
    expect(run({ var: 'a.b.1.c' }, data)).toBe('deep');
    expect(run({ var: 'a.b.0' }, data)).toBe(10);
    expect(run({ var: 's.length' }, data)).toBe(3);
  });

  it('gives the default when missing, but not when the value is null or 0', () => {
    expect(run({ var: ['missing', 'dflt'] }, data)).toBe('dflt');
    expect(run({ var: ['zero', 'dflt'] }, data)).toBe(0);
    expect(run({ var: ['nul', 'dflt'] }, data)).toBe(null);
    expect(run({ var: ['nul.x', 'dflt'] }, data)).toBe('dflt');
  });

  it('reads the whole data for "" and null', () => {
    expect(run({ var: '' }, data)).toBe(data);
    expect(run({ var: null }, data)).toBe(data);
    expect(run({ var: [] }, data)).toBe(data);
  });

  it('evaluates a computed path', () => {
    expect(run({ var: { cat: ['a.b.', 1, '.c'] } }, data)).toBe('deep');
  });

  it('never reaches the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}, "ok": {"constructor": 5}}');
    expect(run({ var: '__proto__' }, parsed)).toBe(null);
    expect(run({ var: ['__proto__.x', 'dflt'] }, parsed)).toBe(null);
    expect(run({ var: 'ok.constructor' }, parsed)).toBe(null);
    expect(run({ var: 'constructor' }, {})).toBe(null);
    expect(run({ var: 'a.prototype' }, { a: function named() {} })).toBe(null);
    expect(run({ var: { cat: ['__pro', 'to__'] } }, parsed)).toBe(null);
    expect(run({ missing: ['constructor'] }, {})).toEqual(['constructor']);
  });

  it('does not hand out inherited properties', () => {
    expect(run({ var: 'toString' }, {})).toBe(null);
    expect(run({ var: ['a.hasOwnProperty', 'none'] }, { a: {} })).toBe('none');
  });
});

describe('operators', () => {
  it('missing and missing_some', () => {
    expect(run({ missing: ['a', 'b', 'c'] }, { a: 1, b: '' })).toEqual(['b', 'c']);
    expect(run({ missing: { merge: [['a'], 'z'] } }, { a: 1 })).toEqual(['z']);
    expect(run({ missing_some: [1, ['a', 'b']] }, { b: 2 })).toEqual([]);
    expect(run({ missing_some: [2, ['a', 'b', 'c']] }, { b: 2 })).toEqual(['a', 'c']);
  });

  it('comparisons, including between', () => {
    expect(run({ '==': [1, '1'] })).toBe(true);
    expect(run({ '===': [1, '1'] })).toBe(false);
    expect(run({ '<': [1, 2, 3] })).toBe(true);
    expect(run({ '<': [1, 3, 3] })).toBe(false);
    expect(run({ '<=': [1, 3, 3] })).toBe(true);
  });

  it('arithmetic casts like json-logic-js', () => {
    expect(run({ '+': ['1', 2, '3.5'] })).toBe(6.5);
    expect(run({ '+': '3.14' })).toBe(3.14);
    expect(run({ '*': ['2', 3] })).toBe(6);
    expect(run({ '*': ['2'] })).toBe('2');
    expect(run({ '-': [5] })).toBe(-5);
    expect(run({ '/': [1, 4] })).toBe(0.25);
    expect(run({ '%': [7, 3] })).toBe(1);
    expect(run({ max: [1, 9, 3] })).toBe(9);
    expect(run({ min: [4, 2] })).toBe(2);
  });

  it('array operators see each item as data', () => {
    const data = { lines: [{ qty: 1, price: 990 }, { qty: 2, price: 1000 }] };
    expect(run({ map: [{ var: 'lines' }, { '*': [{ var: 'qty' }, { var: 'price' }] }] }, data)).toEqual([990, 2000]);
    expect(run({ filter: [{ var: 'lines' }, { '>': [{ var: 'qty' }, 1] }] }, data)).toEqual([{ qty: 2, price: 1000 }]);
    expect(run({ reduce: [{ var: 'lines' }, { '+': [{ var: 'accumulator' }, { var: 'current.qty' }] }, 0] }, data)).toBe(3);
    expect(run({ all: [{ var: 'lines' }, { '>': [{ var: 'qty' }, 0] }] }, data)).toBe(true);
    expect(run({ all: [[], true] })).toBe(false);
    expect(run({ none: [{ var: 'lines' }, { '>': [{ var: 'qty' }, 5] }] }, data)).toBe(true);
    expect(run({ some: [{ var: 'lines' }, { '==': [{ var: 'qty' }, 2] }] }, data)).toBe(true);
    expect(run({ map: [{ var: 'nothing' }, 1] })).toEqual([]);
  });

  it('strings and membership', () => {
    expect(run({ cat: ['订单', null, 1, '号'] })).toBe('订单1号');
    expect(run({ substr: ['13812345678', -4] })).toBe('5678');
    expect(run({ substr: ['abcdef', 1, -2] })).toBe('bcd');
    expect(run({ in: ['vip', ['vip', 'gift']] })).toBe(true);
    expect(run({ in: ['店', '天猫店'] })).toBe(true);
    expect(run({ in: ['x', null] })).toBe(false);
    expect(run({ merge: [[1, 2], 3, [[4]]] })).toEqual([1, 2, 3, [4]]);
  });

  it('log returns its value and prints nothing', () => {
    const spy = vi.spyOn(console, 'log');
    expect(run({ log: [{ var: 'a' }] }, { a: 5 })).toBe(5);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('returns literals: objects with several keys are data, arrays are evaluated', () => {
    const literal = { a: 1, b: { var: 'x' } };
    expect(run(literal)).toBe(literal);
    expect(run([1, { var: 'x' }], { x: 2 })).toEqual([1, 2]);
    expect(run('text')).toBe('text');
  });
});

describe('compile errors', () => {
  it('names an unknown operator with its path inside the expression', () => {
    const e = compileError({ and: [true, { '!': { frobnicate: [1] } }] });
    expect(e.code).toBe('DEF_UNKNOWN_OPERATOR');
    expect(e.path).toBe('/and/1/!/frobnicate');
    expect(e.message).toContain('frobnicate');
  });

  it('escapes the operator in the pointer', () => {
    expect(compileError({ 'a/b': [1] }).path).toBe('/a~1b');
  });

  it('treats prototype names as unknown operators', () => {
    expect(compileError({ constructor: [1] }).code).toBe('DEF_UNKNOWN_OPERATOR');
    expect(compileError(JSON.parse('{"__proto__": [1]}')).code).toBe('DEF_UNKNOWN_OPERATOR');
  });

  it('checks arity when compiling', () => {
    const e = compileError({ if: [true, { '==': [1] }] });
    expect(e.code).toBe('DEF_LOGIC_ARITY');
    expect(e.path).toBe('/if/1/==');
    expect(compileError({ '*': [] }).code).toBe('DEF_LOGIC_ARITY');
    expect(compileError({ substr: ['a', 1, 2, 3] }).code).toBe('DEF_LOGIC_ARITY');
  });
});

describe('operator registry', () => {
  const withFact = standardOperators.with({
    name: 'buyer_order_count',
    arity: { min: 0, max: 0 },
    description: 'Orders of the same buyer (a fact).',
    evaluate: (_args, data) => (data as { $facts: { buyer_order_count: number } }).$facts.buyer_order_count,
  });

  it('takes custom operators without changing the standard registry', () => {
    const compiled = compileLogic({ '>': [{ buyer_order_count: [] }, 3] }, withFact);
    expect(compiled({ $facts: { buyer_order_count: 5 } })).toBe(true);
    expect(standardOperators.has('buyer_order_count')).toBe(false);
    expect(() => compileLogic({ buyer_order_count: [] })).toThrow(LogicCompileError);
  });

  it('refuses to register an operator twice or without an evaluation', () => {
    expect(() => withFact.with({ name: 'var', arity: { min: 0 }, description: '', evaluate: () => 1 })).toThrow(/twice/);
    expect(() => new OperatorRegistry([{ name: 'x', arity: { min: 0 }, description: '' }])).toThrow(/exactly one/);
  });

  it('lists every json-logic-js 2.0.5 operator', () => {
    expect(standardOperators.names().sort()).toEqual(
      ['var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and', '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%', 'map', 'filter', 'reduce', 'all', 'none', 'some', 'merge', 'in', 'cat', 'substr', 'log'].sort(),
    );
  });
});

describe('varReferences', () => {
  it('reports paths with their frame and pointer', () => {
    const refs = varReferences({ and: [{ missing: ['a'] }, { some: [{ var: 'lines' }, { var: 'qty' }] }, { reduce: [{ var: 'l' }, { var: 'current.x' }, 0] }] });
    expect(refs.map((r) => [r.path, r.frame.kind, r.pointer])).toEqual([
      ['a', 'data', '/and/0/missing/0'],
      ['lines', 'data', '/and/1/some/0/var'],
      ['qty', 'item', '/and/1/some/1/var'],
      ['l', 'data', '/and/2/reduce/0/var'],
      ['current.x', 'reduce', '/and/2/reduce/1/var'],
    ]);
  });
});
