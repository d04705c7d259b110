import type { Evaluate } from '../evaluator.ts';
import { isLogic } from '../evaluator.ts';
import type { OperatorDefinition } from '../operator.ts';
import { FORBIDDEN_SEGMENTS, ownProperty, readVar } from '../var-path.ts';

function isLiteral(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A `var` with a literal path: split once, and specialise the common one- and two-segment reads. */
function compileConstantPath(path: unknown, notFound: unknown): Evaluate {
  if (path === undefined || path === '' || path === null) return (data) => data;
  const segments = String(path).split('.');
  if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) return () => null;
  if (segments.length === 1) {
    const key = segments[0]!;
    return (data) => {
      if (data === null || data === undefined) return notFound;
      const v = ownProperty(data, key);
      return v === undefined ? notFound : v;
    };
  }
  if (segments.length === 2) {
    const [k1, k2] = segments as [string, string];
    return (data) => {
      if (data === null || data === undefined) return notFound;
      const v1 = ownProperty(data, k1);
      if (v1 === undefined) return notFound;
      if (v1 === null) return notFound;
      const v2 = ownProperty(v1, k2);
      return v2 === undefined ? notFound : v2;
    };
  }
  return (data) => {
    let current = data;
    for (let i = 0; i < segments.length; i++) {
      if (current === null || current === undefined) return notFound;
      current = ownProperty(current, segments[i]!);
      if (current === undefined) return notFound;
    }
    return current;
  };
}

/** The keys that are null or "" in data, as json-logic-js's `missing` computes them. */
function missingKeys(args: readonly unknown[], data: unknown): unknown[] {
  const keys = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const missing: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    // json-logic-js evaluates {"var": key}; an array key is [path, fallback] there too.
    const value = Array.isArray(key) ? readVar(data, key[0], key[1]) : isLogic(key) ? null : readVar(data, key);
    if (value === null || value === '') missing.push(key);
  }
  return missing;
}

export const varOperator: OperatorDefinition = {
  name: 'var',
  arity: { min: 0, max: 2 },
  description: 'Reads data by dot path: {"var": "ship_to.city"}; a second argument is the value when missing; "" is the whole data.',
  compile(args, raw) {
    const [r0, r1] = raw;
    if ((raw.length === 0 || isLiteral(r0)) && (raw.length < 2 || isLiteral(r1))) {
      return compileConstantPath(r0, r1 === undefined || r1 === null ? null : r1);
    }
    const [path, fallback] = args;
    return (data) => readVar(data, path ? path(data) : undefined, fallback ? fallback(data) : undefined);
  },
};

export const missingOperator: OperatorDefinition = {
  name: 'missing',
  arity: { min: 0 },
  description: 'The listed keys that are null or empty in the data: {"missing": ["buyer_name", "phone"]}.',
  evaluate: (args, data) => missingKeys(args, data),
};

export const missingSomeOperator: OperatorDefinition = {
  name: 'missing_some',
  arity: { min: 2, max: 2 },
  description: 'Empty when at least N of the keys are present, else the missing ones: {"missing_some": [1, ["phone", "email"]]}.',
  evaluate([need, options], data) {
    const values = Array.isArray(options) ? options : [options];
    const missing = missingKeys(values, data);
    return (options as { length: number }).length - missing.length >= (need as number) ? [] : missing;
  },
};

export const dataOperators: readonly OperatorDefinition[] = [varOperator, missingOperator, missingSomeOperator];
