import type { OperatorDefinition } from '../operator.ts';

export const catOperator: OperatorDefinition = {
  name: 'cat',
  arity: { min: 0 },
  description: 'Concatenates as strings (null is ""): {"cat": ["订单 ", {"var": "order_no"}]}.',
  evaluate: (args) => args.join(''),
};

export const substrOperator: OperatorDefinition = {
  name: 'substr',
  arity: { min: 2, max: 3 },
  description: 'Part of a string; negative start or length count from the end: {"substr": [{"var": "phone"}, -4]}.',
  evaluate([source, start, length]) {
    const from = start as number;
    const count = length as number;
    if (count < 0) {
      // A negative length drops that many characters from the end (PHP's substr, as json-logic-js).
      const rest = String(source).substr(from);
      return rest.substr(0, rest.length + count);
    }
    return String(source).substr(from, count);
  },
};

export const logOperator: OperatorDefinition = {
  name: 'log',
  arity: { min: 1, max: 1 },
  description: 'Returns its argument unchanged (the engine is pure: nothing is printed).',
  evaluate: (args) => args[0],
};

export const stringOperators: readonly OperatorDefinition[] = [catOperator, substrOperator, logOperator];
