/**
 * A compiled json-logic expression: a closure that takes the data (the record plus `$now`,
 * `$actor`, `$record`, `$facts`, or an array item inside map/filter/…) and returns the value.
 */
export type Evaluate = (data: unknown) => unknown;

/**
 * json-logic truthiness (https://jsonlogic.com/truthy): like JavaScript, except that an empty
 * array is falsy. So `0`, `""`, `null` and `[]` are falsy; `"0"` and `{}` are truthy.
 *
 * @example truthy([]) // false
 * @example truthy('0') // true
 */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value) && value.length === 0) return false;
  return !!value;
}

/**
 * True when a value is an operation (`{"op": args}`): an object that is not an array and has
 * exactly one key. Objects with zero or several keys are literals, as in json-logic-js.
 */
export function isLogic(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  let n = 0;
  for (const key in value) {
    if (Object.hasOwn(value, key) && ++n > 1) return false;
  }
  return n === 1;
}

/** The operator of an operation: its only key. */
export function operatorOf(logic: Record<string, unknown>): string {
  return Object.keys(logic)[0]!;
}

/** The arguments of an operation; a single non-array argument is the one-element list (`{"var": "x"}`). */
export function argumentsOf(logic: Record<string, unknown>): unknown[] {
  const values = logic[operatorOf(logic)];
  return Array.isArray(values) ? values : [values];
}
