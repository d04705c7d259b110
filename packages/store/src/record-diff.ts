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
  for (const k of Object.keys(ao)) if (!sameValue(ao[k], bo[k])) return false;
  for (const k of Object.keys(bo)) if (!Object.hasOwn(ao, k) && !sameValue(undefined, bo[k])) return false;
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
  // The keys of both, `before`'s first, without building their union.
  for (const key of Object.keys(b)) note(diff, key, b[key], a[key]);
  for (const key of Object.keys(a)) if (!Object.hasOwn(b, key)) note(diff, key, undefined, a[key]);
  return diff;
}

function note(diff: RecordDiff, key: string, old: unknown, now: unknown): void {
  if (sameValue(old, now)) return;
  diff.before[key] = old ?? null;
  diff.after[key] = now ?? null;
}
