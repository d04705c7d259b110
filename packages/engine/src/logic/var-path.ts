/**
 * Reading a `var` path out of data, with the json-logic-js semantics (dot paths, a default
 * when not found, `""` or `null` for the whole data), but never through the prototype chain.
 */

/** Path segments that would reach an object's prototype; a path using one reads as null. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** True when any dot-separated segment of the path is `__proto__`, `constructor` or `prototype`. */
export function isForbiddenPath(path: string): boolean {
  return path.split('.').some((s) => FORBIDDEN_SEGMENTS.has(s));
}

/**
 * Own properties only: `{"var": "toString"}` must not hand out Object.prototype's function,
 * and data parsed from JSON can carry an own `__proto__` key. Strings and arrays still answer
 * their indexes and `length`, as they do in json-logic-js.
 */
export function ownProperty(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined;
  return Object.hasOwn(value as object, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** Follows already-split segments; `notFound` when a step is missing (json-logic-js rules). */
export function followPath(data: unknown, segments: readonly string[], notFound: unknown): unknown {
  let current = data;
  for (let i = 0; i < segments.length; i++) {
    if (current === null || current === undefined) return notFound;
    current = ownProperty(current, segments[i]!);
    if (current === undefined) return notFound;
  }
  return current;
}

/**
 * The value of `{"var": [path, fallback]}` over `data`.
 *
 * @example readVar({ a: { b: 1 } }, 'a.b') // 1
 * @example readVar({}, 'x', 0) // 0
 * @example readVar({}, '__proto__') // null
 */
export function readVar(data: unknown, path: unknown, fallback?: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  if (path === undefined || path === '' || path === null) return data;
  const segments = String(path).split('.');
  if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) return null;
  return followPath(data, segments, notFound);
}
