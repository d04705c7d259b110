/**
 * JSON columns are written as JSON text on both dialects: pg would otherwise turn a JS array
 * into a PostgreSQL array literal, and SQLite has no JSON type at all.
 */
export function encodeJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Reads a JSON column: both dialects hand back the raw text (see the pg type parsers). */
export function decodeJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return JSON.parse(value);
  // A driver that already parsed it (pg with default parsers): take it as is.
  return value;
}
