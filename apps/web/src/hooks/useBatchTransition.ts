import { useCallback, useState } from 'react';
import { api, recordsPath } from '../api/client.ts';
import type { ApiError } from '../api/api-error.ts';
import type { BulkResult } from '../api/types.ts';

/** The server takes at most this many records per bulk request. */
const CHUNK = 100;

/**
 * Fires a transition on many records through the bulk endpoint, 100 at a time; every record
 * commits on its own and the answer says, per record, whether it moved or why not.
 */
export function useBatchTransition(appId: string, entity: string) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const run = useCallback(
    async (transition: string, items: { id: number; version: number }[]) => {
      setBusy(true);
      const merged: BulkResult = { succeeded: 0, failed: 0, results: [] };
      try {
        for (let i = 0; i < items.length; i += CHUNK) {
          const chunk = items.slice(i, i + CHUNK);
          try {
            const r = await api<BulkResult>('POST', `${recordsPath(appId, entity)}/bulk/transitions/${transition}`, { items: chunk });
            merged.succeeded += r.succeeded;
            merged.failed += r.failed;
            merged.results.push(...r.results);
          } catch (e) {
            // Refused as a whole (e.g. the role may never take it): every record of the chunk failed for that reason.
            const err = e as ApiError;
            merged.failed += chunk.length;
            merged.results.push(...chunk.map((c) => ({ id: c.id, ok: false, error: { code: err.code, message: err.message } })));
          }
        }
        setResult(merged);
        return merged;
      } finally {
        setBusy(false);
      }
    },
    [appId, entity],
  );
  return { busy, result, run, clear: () => setResult(null) };
}
