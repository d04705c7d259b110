import { truthy } from '../evaluator.ts';
import type { OperatorDefinition } from '../operator.ts';

// if, and, or evaluate only the arguments they need, so they compile their own closures.

const ifDefinition = (name: string): OperatorDefinition => ({
  name,
  arity: { min: 0 },
  description: 'if / else if / else: {"if": [cond, then, cond2, then2, else]}.',
  compile(args) {
    const n = args.length;
    if (n === 3) {
      const [c, a, b] = args as [typeof args[0] & {}, typeof args[0] & {}, typeof args[0] & {}];
      return (data) => (truthy(c(data)) ? a(data) : b(data));
    }
    return (data) => {
      let i = 0;
      for (; i < n - 1; i += 2) {
        if (truthy(args[i]!(data))) return args[i + 1]!(data);
      }
      if (n === i + 1) return args[i]!(data);
      return null;
    };
  },
});

export const ifOperator = ifDefinition('if');
export const ternaryOperator: OperatorDefinition = { ...ifDefinition('?:'), description: 'Ternary: {"?:": [cond, then, else]}.' };

export const andOperator: OperatorDefinition = {
  name: 'and',
  arity: { min: 1 },
  description: 'The first falsy argument, or the last one: {"and": [a, b]}.',
  compile(args) {
    const n = args.length;
    return (data) => {
      let current: unknown;
      for (let i = 0; i < n; i++) {
        current = args[i]!(data);
        if (!truthy(current)) return current;
      }
      return current;
    };
  },
};

export const orOperator: OperatorDefinition = {
  name: 'or',
  arity: { min: 1 },
  description: 'The first truthy argument, or the last one: {"or": [a, b]}.',
  compile(args) {
    const n = args.length;
    return (data) => {
      let current: unknown;
      for (let i = 0; i < n; i++) {
        current = args[i]!(data);
        if (truthy(current)) return current;
      }
      return current;
    };
  },
};

export const notOperator: OperatorDefinition = {
  name: '!',
  arity: { min: 1, max: 1 },
  description: 'Not (json-logic truthiness): {"!": [value]}.',
  compile([a]) {
    return (data) => !truthy(a!(data));
  },
};

export const doubleNotOperator: OperatorDefinition = {
  name: '!!',
  arity: { min: 1, max: 1 },
  description: 'Cast to boolean (json-logic truthiness: [] is false): {"!!": [value]}.',
  compile([a]) {
    return (data) => truthy(a!(data));
  },
};

export const logicOperators: readonly OperatorDefinition[] = [ifOperator, ternaryOperator, andOperator, orOperator, notOperator, doubleNotOperator];
