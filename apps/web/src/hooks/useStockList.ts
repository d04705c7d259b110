import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { ApiError } from '../api/api-error.ts';
import type { ShortageSummary, StockLevel, StockPage } from '../api/types.ts';

export interface StockList {
  items: StockLevel[];
  /** Per SKU (and warehouse): the records short of it. */
  shortages: Map<string, ShortageSummary>;
  mayManage: boolean;
  loading: boolean;
  error: ApiError | null;
  hasMore: boolean;
  more(): void;
  reload(): void;
}

const stockPath = (app: string) => `/api/apps/${encodeURIComponent(app)}/stock`;
export const shortageKey = (sku: string, warehouse: string) => `${warehouse}\u0000${sku}`;

/**
 * Stock by SKU in SKU order, 100 a page ("more" follows the server's `next`), optionally those
 * starting with a prefix or only those records are short of; with the shortage summary beside it.
 */
export function useStockList(appId: string, prefix: string, onlyShort: boolean): StockList {
  const [state, setState] = useState<{ items: StockLevel[]; next: string | null; shortages: ShortageSummary[]; mayManage: boolean; loading: boolean; error: ApiError | null }>({
    items: [],
    next: null,
    shortages: [],
    mayManage: false,
    loading: true,
    error: null,
  });
  const [after, setAfter] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => setAfter(null), [appId, prefix, onlyShort, tick]);

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    (async () => {
      const { items: shortages } = await api<{ items: ShortageSummary[] }>('GET', `${stockPath(appId)}/shortages`);
      const params = new URLSearchParams({ limit: '100' });
      if (prefix) params.set('prefix', prefix);
      if (after) params.set('after', after);
      if (onlyShort) {
        const skus = [...new Set(shortages.map((s) => s.sku))].filter((s) => !prefix || s.startsWith(prefix));
        if (!skus.length) return { page: { items: [], next: null, permissions: { manage: false } } as StockPage, shortages, empty: true };
        params.set('sku', skus.join(','));
      }
      return { page: await api<StockPage>('GET', `${stockPath(appId)}?${params}`), shortages, empty: false };
    })().then(
      ({ page, shortages, empty }) =>
        live &&
        setState((s) => ({
          items: after ? [...s.items, ...page.items] : page.items,
          next: page.next,
          shortages,
          mayManage: empty ? s.mayManage : page.permissions.manage,
          loading: false,
          error: null,
        })),
      (error: ApiError) => live && setState((s) => ({ ...s, loading: false, error })),
    );
    return () => {
      live = false;
    };
  }, [appId, prefix, onlyShort, after, tick]);

  const more = useCallback(() => setAfter(state.next), [state.next]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return {
    items: state.items,
    shortages: new Map(state.shortages.map((s) => [shortageKey(s.sku, s.warehouse), s])),
    mayManage: state.mayManage,
    loading: state.loading,
    error: state.error,
    hasMore: !!state.next,
    more,
    reload,
  };
}
