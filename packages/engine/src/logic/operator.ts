import type { Evaluate } from './evaluator.ts';

/**
 * One json-logic operator: its name, how many arguments it takes, and how it evaluates.
 *
 * An operator either `evaluate`s already evaluated arguments (most of them), or `compile`s the
 * compiled arguments into a closure itself, for operators that decide which arguments to
 * evaluate (`if`, `and`, `map`…) or that can be specialised at compile time (`var`).
 */
export interface OperatorDefinition {
  readonly name: string;
  /** Number of arguments accepted, checked when the expression is compiled. */
  readonly arity: { readonly min: number; readonly max?: number };
  /** What the operator does, for the designer's autocompletion. */
  readonly description: string;
  /**
   * For validation: the second argument is evaluated with each array item as its data
   * (`item`: map, filter, all, none, some) or with `{current, accumulator}` (`reduce`).
   */
  readonly scope?: 'item' | 'reduce';
  /** Evaluates the operator over evaluated arguments; `data` is the current data (scope). */
  readonly evaluate?: (args: unknown[], data: unknown) => unknown;
  /** Builds the closure from the compiled arguments and their raw JSON. */
  readonly compile?: (args: readonly Evaluate[], raw: readonly unknown[]) => Evaluate;
}
