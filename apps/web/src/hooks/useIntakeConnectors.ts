import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { ApiError } from '../api/api-error.ts';
import type { IntakeConnectors } from '../api/types.ts';

/** The app's intake connectors with their last run and dead windows, and whether the user may run them. */
export function useIntakeConnectors(appId: string): { data: IntakeConnectors | null; error: ApiError | null; reload(): void } {
  const [state, setState] = useState<{ data: IntakeConnectors | null; error: ApiError | null }>({ data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    api<IntakeConnectors>('GET', `/api/apps/${encodeURIComponent(appId)}/intake/connectors`).then(
      (data) => live && setState({ data, error: null }),
      (error: ApiError) => live && setState((s) => ({ ...s, error })),
    );
    return () => {
      live = false;
    };
  }, [appId, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
