import type { RecordData } from './record-envelope.ts';

/** The changed keys of a record: their old values in `before`, their new ones in `after`. */
export interface RecordDiff {
  before: RecordData;
  after: RecordData;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // A missing key and an explicit null mean the same in record data.
    return (a ?? null) === (b ?? null);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameValue(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!sameValue(ao[k], bo[k])) return false;
  return true;
}

/**
 * The keys whose values differ between two versions of a record's data, deep-compared (lines,
 * addresses). A create is a diff from null; a delete a diff to null.
 *
 * @example diffRecordData({ status: 'paid', qty: 1 }, { status: 'reviewed', qty: 1 })
 *   // → { before: { status: 'paid' }, after: { status: 'reviewed' } }
 */
export function diffRecordData(before: RecordData | null, after: RecordData | null): RecordDiff {
  const b = before ?? {};
  const a = after ?? {};
  const diff: RecordDiff = { before: {}, after: {} };
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (sameValue(b[key], a[key])) continue;
    diff.before[key] = b[key] ?? null;
    diff.after[key] = a[key] ?? null;
  }
  return diff;
}
