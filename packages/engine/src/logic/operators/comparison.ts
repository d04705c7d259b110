import type { Evaluate } from '../evaluator.ts';
import type { OperatorDefinition } from '../operator.ts';

// Loose and strict comparisons keep JavaScript's semantics, exactly as json-logic-js does.
type Loose = number;

const binary = (name: string, description: string, op: (a: Loose, b: Loose) => boolean): OperatorDefinition => ({
  name,
  arity: { min: 2, max: 2 },
  description,
  compile([a, b]) {
    const left = a!;
    const right = b!;
    return (data) => op(left(data) as Loose, right(data) as Loose);
  },
});

/** `<` and `<=` accept a third argument: {"<": [1, x, 10]} is "x strictly between 1 and 10". */
const between = (name: string, description: string, op: (a: Loose, b: Loose) => boolean): OperatorDefinition => ({
  name,
  arity: { min: 2, max: 3 },
  description,
  compile(args) {
    const [a, b, c] = args as [Evaluate, Evaluate, Evaluate | undefined];
    if (!c) return (data) => op(a(data) as Loose, b(data) as Loose);
    return (data) => {
      const x = a(data) as Loose;
      const y = b(data) as Loose;
      const z = c(data) as Loose | undefined;
      return z === undefined ? op(x, y) : op(x, y) && op(y, z);
    };
  },
});

export const comparisonOperators: readonly OperatorDefinition[] = [
  // eslint-disable-next-line eqeqeq
  binary('==', 'Loose equality (JavaScript ==): {"==": [a, b]}.', (a, b) => a == b),
  binary('===', 'Strict equality: {"===": [a, b]}.', (a, b) => a === b),
  // eslint-disable-next-line eqeqeq
  binary('!=', 'Loose inequality: {"!=": [a, b]}.', (a, b) => a != b),
  binary('!==', 'Strict inequality: {"!==": [a, b]}.', (a, b) => a !== b),
  binary('>', 'Greater than: {">": [a, b]}.', (a, b) => a > b),
  binary('>=', 'Greater than or equal: {">=": [a, b]}.', (a, b) => a >= b),
  between('<', 'Less than, or strictly between with three arguments: {"<": [a, b, c]}.', (a, b) => a < b),
  between('<=', 'Less than or equal, or between inclusive with three arguments: {"<=": [a, b, c]}.', (a, b) => a <= b),
];
