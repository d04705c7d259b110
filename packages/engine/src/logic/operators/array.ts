import type { Evaluate } from '../evaluator.ts';
import { truthy } from '../evaluator.ts';
import type { OperatorDefinition } from '../operator.ts';

// map, filter, all, none, some and reduce evaluate their second argument once per item, with
// the item (or {current, accumulator}) as the data: that is why they compile themselves.

export const mapOperator: OperatorDefinition = {
  name: 'map',
  arity: { min: 2, max: 2 },
  scope: 'item',
  description: 'Applies an expression to each item (the item is the data): {"map": [{"var": "lines"}, {"var": "qty"}]}.',
  compile([source, each]) {
    return (data) => {
      const items = source!(data);
      if (!Array.isArray(items)) return [];
      return items.map((item) => each!(item));
    };
  },
};

export const filterOperator: OperatorDefinition = {
  name: 'filter',
  arity: { min: 2, max: 2 },
  scope: 'item',
  description: 'The items for which the expression is truthy: {"filter": [{"var": "lines"}, {">": [{"var": "qty"}, 1]}]}.',
  compile([source, test]) {
    return (data) => {
      const items = source!(data);
      if (!Array.isArray(items)) return [];
      return items.filter((item) => truthy(test!(item)));
    };
  },
};

export const reduceOperator: OperatorDefinition = {
  name: 'reduce',
  arity: { min: 2, max: 3 },
  scope: 'reduce',
  description: 'Folds the items; the expression sees {current, accumulator}: {"reduce": [{"var": "lines"}, {"+": [{"var": "accumulator"}, {"var": "current.qty"}]}, 0]}.',
  compile(args) {
    const [source, step, initial] = args as [Evaluate, Evaluate, Evaluate | undefined];
    return (data) => {
      const items = source(data);
      const start = initial ? initial(data) : null;
      if (!Array.isArray(items)) return start;
      let accumulator = start;
      for (let i = 0; i < items.length; i++) accumulator = step({ current: items[i], accumulator });
      return accumulator;
    };
  },
};

const quantifier = (name: string, description: string, empty: boolean, stopOn: boolean): OperatorDefinition => ({
  name,
  arity: { min: 2, max: 2 },
  scope: 'item',
  description,
  compile([source, test]) {
    return (data) => {
      const items = source!(data);
      if (!Array.isArray(items) || items.length === 0) return empty;
      for (let i = 0; i < items.length; i++) {
        if (truthy(test!(items[i])) === stopOn) return name === 'some';
      }
      return name !== 'some';
    };
  },
});

export const allOperator = quantifier('all', 'True when every item passes (false for an empty list): {"all": [list, test]}.', false, false);
export const noneOperator = quantifier('none', 'True when no item passes: {"none": [list, test]}.', true, true);
export const someOperator = quantifier('some', 'True when at least one item passes: {"some": [list, test]}.', false, true);

export const mergeOperator: OperatorDefinition = {
  name: 'merge',
  arity: { min: 0 },
  description: 'Flattens arguments one level into one array: {"merge": [[1, 2], 3]}.',
  evaluate: (args) => args.reduce<unknown[]>((all, v) => all.concat(v), []),
};

export const inOperator: OperatorDefinition = {
  name: 'in',
  arity: { min: 2, max: 2 },
  description: 'Substring of a string, or member of an array: {"in": ["vip", {"var": "tags"}]}.',
  compile([a, b]) {
    return (data) => {
      const needle = a!(data);
      const haystack = b!(data) as { indexOf?: (x: unknown) => number } | null;
      if (!haystack || typeof haystack.indexOf === 'undefined') return false;
      return haystack.indexOf(needle) !== -1;
    };
  },
};

export const arrayOperators: readonly OperatorDefinition[] = [mapOperator, filterOperator, reduceOperator, allOperator, noneOperator, someOperator, mergeOperator, inOperator];
