import type { Evaluate } from '../evaluator.ts';
import type { OperatorDefinition } from '../operator.ts';

// json-logic-js casts with parseFloat for + and * (so "3" + 1 is 4) but not for - / % (native).
const toFloat = (v: unknown): number => parseFloat(v as string);

export const plusOperator: OperatorDefinition = {
  name: '+',
  arity: { min: 1 },
  description: 'Sum, casting strings to numbers: {"+": [a, b, c]}; {"+": "3.14"} casts.',
  compile(args) {
    if (args.length === 2) {
      const [a, b] = args as [Evaluate, Evaluate];
      return (data) => {
        const x = a(data);
        const y = b(data);
        return toFloat(toFloat(0) + toFloat(x)) + toFloat(y);
      };
    }
    return (data) => {
      const values = args.map((a) => a(data));
      let sum: unknown = 0;
      for (const v of values) sum = toFloat(sum) + toFloat(v);
      return sum;
    };
  },
};

export const timesOperator: OperatorDefinition = {
  name: '*',
  arity: { min: 1 },
  description: 'Product, casting strings to numbers: {"*": [qty, unit_price]}.',
  evaluate(args) {
    // Array.reduce without an initial value: one argument comes back as it is.
    let product: unknown = args[0];
    for (let i = 1; i < args.length; i++) product = toFloat(product) * toFloat(args[i]);
    return product;
  },
};

export const minusOperator: OperatorDefinition = {
  name: '-',
  arity: { min: 1, max: 2 },
  description: 'Difference, or negation with one argument: {"-": [a, b]}.',
  compile(args) {
    const [a, b] = args as [Evaluate, Evaluate | undefined];
    return (data) => {
      const x = a(data) as number;
      const y = b ? (b(data) as number | undefined) : undefined;
      return y === undefined ? -x : x - y;
    };
  },
};

export const divideOperator: OperatorDefinition = {
  name: '/',
  arity: { min: 2, max: 2 },
  description: 'Division: {"/": [a, b]}.',
  compile([a, b]) {
    return (data) => (a!(data) as number) / (b!(data) as number);
  },
};

export const moduloOperator: OperatorDefinition = {
  name: '%',
  arity: { min: 2, max: 2 },
  description: 'Remainder: {"%": [a, b]}.',
  compile([a, b]) {
    return (data) => (a!(data) as number) % (b!(data) as number);
  },
};

export const maxOperator: OperatorDefinition = {
  name: 'max',
  arity: { min: 1 },
  description: 'The largest argument: {"max": [a, b]}.',
  evaluate: (args) => Math.max(...(args as number[])),
};

export const minOperator: OperatorDefinition = {
  name: 'min',
  arity: { min: 1 },
  description: 'The smallest argument: {"min": [a, b]}.',
  evaluate: (args) => Math.min(...(args as number[])),
};

export const arithmeticOperators: readonly OperatorDefinition[] = [plusOperator, timesOperator, minusOperator, divideOperator, moduloOperator, maxOperator, minOperator];
