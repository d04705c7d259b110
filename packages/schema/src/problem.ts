/**
 * A problem found in an app definition: where (a JSON pointer into the definition), what
 * (a stable code and a message) and how to fix it (a hint). Validation returns problems as
 * data; it throws only on bugs.
 */
export interface Problem {
  /** JSON pointer (RFC 6901) into the definition, e.g. `/workflows/0/transitions/3/to`. */
  path: string;
  /** Stable code to switch on, e.g. `DEF_UNKNOWN_STATE`. Listed in docs/errors.md. */
  code: string;
  message: string;
  /** How to fix it, in words an analyst understands. */
  hint?: string;
  severity: 'error' | 'warning';
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON pointer from segments: `pointer('entities', 0, 'fields')` → `/entities/0/fields`. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + pointerSegment(s)).join('');
}

/** Formats problems one per line for a terminal: `error /path CODE: message (hint)`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((p) => `${p.severity} ${p.path || '/'} ${p.code}: ${p.message}${p.hint ? `\n    hint: ${p.hint}` : ''}`)
    .join('\n');
}
