import { pointerSegment } from '@statecraft/schema';
import { LogicCompileError } from './compile-error.ts';
import type { Evaluate } from './evaluator.ts';
import { isLogic, operatorOf } from './evaluator.ts';
import { standardOperators, type OperatorRegistry } from './registry.ts';

function arityText(min: number, max: number | undefined): string {
  if (max === undefined) return `at least ${min}`;
  if (min === max) return `exactly ${min}`;
  return `${min} to ${max}`;
}

function compileNode(node: unknown, path: string, registry: OperatorRegistry): Evaluate {
  if (Array.isArray(node)) {
    // json-logic-js evaluates every element of an array and returns a new array.
    const items = node.map((item, i) => compileNode(item, `${path}/${i}`, registry));
    const n = items.length;
    return (data) => {
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = items[i]!(data);
      return out;
    };
  }
  if (!isLogic(node)) return () => node;

  const op = operatorOf(node);
  const opPath = `${path}/${pointerSegment(op)}`;
  const definition = registry.get(op);
  if (!definition) {
    throw new LogicCompileError(
      'DEF_UNKNOWN_OPERATOR',
      opPath,
      `Unknown json-logic operator "${op}"`,
      `Use one of: ${registry.names().join(', ')}; or register "${op}" as an operator.`,
    );
  }
  const value = node[op];
  const raw = Array.isArray(value) ? value : [value];
  const { min, max } = definition.arity;
  if (raw.length < min || (max !== undefined && raw.length > max)) {
    throw new LogicCompileError(
      'DEF_LOGIC_ARITY',
      opPath,
      `"${op}" takes ${arityText(min, max)} argument(s), got ${raw.length}`,
      `Give "${op}" ${arityText(min, max)} argument(s) in its array, e.g. ${definition.description}`,
    );
  }
  const args = raw.map((arg, i) => compileNode(arg, Array.isArray(value) ? `${opPath}/${i}` : opPath, registry));
  if (definition.compile) return definition.compile(args, raw);

  const evaluate = definition.evaluate!;
  switch (args.length) {
    case 0:
      return (data) => evaluate([], data);
    case 1: {
      const a = args[0]!;
      return (data) => evaluate([a(data)], data);
    }
    case 2: {
      const a = args[0]!;
      const b = args[1]!;
      return (data) => evaluate([a(data), b(data)], data);
    }
    default: {
      const n = args.length;
      return (data) => {
        const values = new Array<unknown>(n);
        for (let i = 0; i < n; i++) values[i] = args[i]!(data);
        return evaluate(values, data);
      };
    }
  }
}

/**
 * Compiles a json-logic expression once into a closure tree (no `eval`): evaluating it is a
 * chain of function calls, with `var` paths split and arities checked ahead of time.
 * Throws {@link LogicCompileError} (with a JSON pointer inside the expression) for an unknown
 * operator or a wrong number of arguments.
 *
 * @example
 * const isBig = compileLogic({ '>=': [{ var: 'amount' }, 100000] });
 * isBig({ amount: 250000 }); // true
 */
export function compileLogic(expression: unknown, registry: OperatorRegistry = standardOperators): Evaluate {
  return compileNode(expression, '', registry);
}
