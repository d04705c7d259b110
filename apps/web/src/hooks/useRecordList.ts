import { useCallback, useEffect, useRef, useState } from 'react';
import { api, filterParams, recordsPath } from '../api/client.ts';
import type { ApiError } from '../api/api-error.ts';
import type { Condition, RecordEnvelope, RecordPage } from '../api/types.ts';

export interface RecordList {
  items: RecordEnvelope[];
  loading: boolean;
  error: ApiError | null;
  count: number | null;
  /** 1-based page number within the current filters. */
  page: number;
  hasNext: boolean;
  next(): void;
  first(): void;
  reload(): void;
}

/**
 * One keyset page of records for the conditions and sort: "next" follows the server's cursor,
 * so a deep page costs what the first does. The total count is fetched beside the page.
 */
export function useRecordList(appId: string, entity: string, conditions: Condition[], sort: string | undefined, pageSize = 50): RecordList {
  const key = JSON.stringify([entity, conditions, sort]);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [state, setState] = useState<{ page: RecordPage | null; loading: boolean; error: ApiError | null; count: number | null }>({ page: null, loading: true, error: null, count: null });
  const [tick, setTick] = useState(0);
  const lastKey = useRef(key);

  if (lastKey.current !== key) {
    lastKey.current = key;
    setCursors([null]);
  }
  const after = cursors[cursors.length - 1] ?? null;

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    const params = filterParams(conditions);
    const countParams = new URLSearchParams(params);
    params.set('limit', String(pageSize));
    if (sort) params.set('sort', sort);
    if (after) params.set('after', after);
    Promise.all([
      api<RecordPage>('GET', `${recordsPath(appId, entity)}?${params}`),
      after ? Promise.resolve(null) : api<{ count: number }>('GET', `${recordsPath(appId, entity)}/count?${countParams}`).then((c) => c.count, () => null),
    ]).then(
      ([page, count]) => live && setState((s) => ({ page, loading: false, error: null, count: count ?? s.count })),
      (error: ApiError) => live && setState({ page: null, loading: false, error, count: null }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appId, key, after, pageSize, tick]);

  const next = useCallback(() => {
    const n = state.page?.next;
    if (n) setCursors((c) => [...c, n]);
  }, [state.page]);
  const first = useCallback(() => setCursors([null]), []);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  return {
    items: state.page?.items ?? [],
    loading: state.loading,
    error: state.error,
    count: state.count,
    page: cursors.length,
    hasNext: !!state.page?.next,
    next,
    first,
    reload,
  };
}
