import type { OperatorDefinition } from './operator.ts';
import { arithmeticOperators } from './operators/arithmetic.ts';
import { arrayOperators } from './operators/array.ts';
import { comparisonOperators } from './operators/comparison.ts';
import { dataOperators } from './operators/data.ts';
import { factOperators } from './operators/facts.ts';
import { logicOperators } from './operators/logic.ts';
import { stringOperators } from './operators/string.ts';

/**
 * The json-logic operators an expression may use. Immutable: `with()` returns a new registry,
 * so a server can add fact operators (e.g. `buyer_order_count`) for one app without changing
 * what another app, or the validator's default, accepts.
 *
 * @example
 * const operators = standardOperators.with({
 *   name: 'buyer_order_count', arity: { min: 0, max: 0 },
 *   description: 'Orders by the same buyer in the last 24 h (a fact computed by the server).',
 *   evaluate: (_args, data) => (data as { $facts?: { buyer_order_count?: number } }).$facts?.buyer_order_count ?? 0,
 * });
 */
export class OperatorRegistry {
  // A Map, not an object: an operator named "constructor" or "__proto__" must simply be unknown.
  readonly #byName: ReadonlyMap<string, OperatorDefinition>;

  constructor(definitions: Iterable<OperatorDefinition>) {
    const byName = new Map<string, OperatorDefinition>();
    for (const d of definitions) {
      if (byName.has(d.name)) throw new Error(`json-logic operator "${d.name}" is registered twice`);
      if (!d.evaluate === !d.compile) throw new Error(`json-logic operator "${d.name}" needs exactly one of evaluate or compile`);
      byName.set(d.name, d);
    }
    this.#byName = byName;
  }

  get(name: string): OperatorDefinition | undefined {
    return this.#byName.get(name);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** Operator names in registration order. */
  names(): string[] {
    return [...this.#byName.keys()];
  }

  /** A new registry with these operators added; redefining an existing one is a bug and throws. */
  with(...definitions: OperatorDefinition[]): OperatorRegistry {
    return new OperatorRegistry([...this.#byName.values(), ...definitions]);
  }
}

/** Every operator of json-logic-js 2.0.5, with the same semantics (`log` prints nothing). */
export const standardOperators = new OperatorRegistry([
  ...dataOperators,
  ...logicOperators,
  ...comparisonOperators,
  ...arithmeticOperators,
  ...arrayOperators,
  ...stringOperators,
]);

/**
 * The operators app definitions use by default: json-logic's standard ones plus the fact
 * operators (`buyer_recent_orders`, `address_similarity`, `stock_available`,
 * `stock_short_lines`, `buyer_history`) that read the `$facts` the server computes before
 * deciding. `validateDefinition` and `compileApp` use it unless given another registry.
 *
 * @example
 * compileLogic({ '>=': [{ buyer_recent_orders: 24 }, 2] }, appOperators)({ $facts: { buyer_recent_orders: { '24': 3 } } }); // true
 */
export const appOperators = standardOperators.with(...factOperators);
