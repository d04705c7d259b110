import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { ApiError } from '../api/api-error.ts';
import type { IntakeFailure, IntakeRun } from '../api/types.ts';

/** A channel connector's sync log (newest first) and its dead-lettered windows; loaded while `open`. */
export function useConnectorLog(appId: string, connector: string, open: boolean, version: number): { runs: IntakeRun[]; dead: IntakeFailure[]; error: ApiError | null; reload(): void } {
  const [state, setState] = useState<{ runs: IntakeRun[]; dead: IntakeFailure[]; error: ApiError | null }>({ runs: [], dead: [], error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!open) return;
    let live = true;
    const base = `/api/apps/${encodeURIComponent(appId)}/intake/connectors/${encodeURIComponent(connector)}`;
    Promise.all([api<{ items: IntakeRun[] }>('GET', `${base}/runs?limit=20`), api<{ items: IntakeFailure[] }>('GET', `${base}/failures?status=dead`)]).then(
      ([runs, dead]) => live && setState({ runs: runs.items, dead: dead.items, error: null }),
      (error: ApiError) => live && setState((s) => ({ ...s, error })),
    );
    return () => {
      live = false;
    };
  }, [appId, connector, open, version, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
