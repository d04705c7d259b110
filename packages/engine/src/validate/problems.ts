import type { Problem } from '@statecraft/schema';

/** An error problem: the definition cannot be published as it is. */
export function error(path: string, code: string, message: string, hint: string): Problem {
  return { path, code, message, hint, severity: 'error' };
}

/** A warning: legal, but probably not what the analyst meant. */
export function warning(path: string, code: string, message: string, hint: string): Problem {
  return { path, code, message, hint, severity: 'warning' };
}

/** A short list for hints: `a, b, c` or `a, b, c … (12 in all)`. */
export function listOf(items: Iterable<string>, max = 12): string {
  const all = [...items];
  if (all.length === 0) return '(none)';
  return all.length <= max ? all.join(', ') : `${all.slice(0, max).join(', ')} … (${all.length} in all)`;
}
