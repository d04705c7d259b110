import { useCallback, useEffect, useState } from 'react';
import { api, recordsPath } from '../api/client.ts';
import type { ApiError } from '../api/api-error.ts';
import type { AlertItem, RecordEnvelope, TimelineEntry, TransitionOption } from '../api/types.ts';

export interface RecordView {
  record: RecordEnvelope | null;
  transitions: TransitionOption[];
  timeline: TimelineEntry[];
  alerts: AlertItem[];
  error: ApiError | null;
  reload(): void;
}

/** One record with what the record page shows beside it: its transitions, timeline and alerts. */
export function useRecord(appId: string, entity: string, id: number | null): RecordView {
  const [state, setState] = useState<Omit<RecordView, 'reload'>>({ record: null, transitions: [], timeline: [], alerts: [], error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (id === null) return;
    let live = true;
    const base = `${recordsPath(appId, entity)}/${id}`;
    Promise.all([
      api<RecordEnvelope>('GET', base),
      api<{ items: TransitionOption[] }>('GET', `${base}/transitions`),
      api<{ items: TimelineEntry[] }>('GET', `${base}/timeline`),
      api<{ items: AlertItem[] }>('GET', `/api/apps/${appId}/alerts?entity=${encodeURIComponent(entity)}&recordId=${id}`).catch(() => ({ items: [] as AlertItem[] })),
    ]).then(
      ([record, transitions, timeline, alerts]) =>
        live && setState({ record, transitions: transitions.items, timeline: timeline.items, alerts: alerts.items.filter((a) => a.code !== 'notification'), error: null }),
      (error: ApiError) => live && setState((s) => ({ ...s, error })),
    );
    return () => {
      live = false;
    };
  }, [appId, entity, id, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
