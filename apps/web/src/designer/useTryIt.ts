import { useCallback, useState } from 'react';
import { api } from '../api/client.ts';
import { ApiError } from '../api/api-error.ts';

/** What the try-it endpoint answers. */
export type TryResult =
  | { ok: true; stateBefore: string | null; stateAfter: string | null; data: Record<string, unknown>; changed: string[]; steps: { transition: string; from: string; to: string; trigger: string }[]; effects: ({ type: string } & Record<string, unknown>)[]; firedRules: { id: string; label: Record<string, string> | null; severity: string }[] }
  | { ok: false; stateBefore: string | null; error: { code: string; message: string; hint?: string }; problems?: { path: string; message: string }[] };

export interface TryRequest {
  entity: string;
  command: { kind: 'create' | 'transition' | 'event'; transition?: string; event?: string };
  sample?: { data: Record<string, unknown> };
  recordId?: number;
  roles?: string[];
}

/** Runs a command against the saved draft (`POST …/definition/try`); nothing is written. */
export function useTryIt(appId: string) {
  const [result, setResult] = useState<TryResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [running, setRunning] = useState(false);
  const run = useCallback(
    async (req: TryRequest) => {
      setRunning(true);
      setError(null);
      try {
        setResult(await api<TryResult>('POST', `/api/apps/${encodeURIComponent(appId)}/definition/try`, req));
      } catch (e) {
        setResult(null);
        setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', (e as Error).message));
      } finally {
        setRunning(false);
      }
    },
    [appId],
  );
  return { result, error, running, run };
}
