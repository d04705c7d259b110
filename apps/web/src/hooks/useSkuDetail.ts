import { useCallback, useEffect, useState } from 'react';
import { api, recordsPath } from '../api/client.ts';
import type { ApiError } from '../api/api-error.ts';
import type { RecordPage, SkuHolders, StockLevel, StockMovement } from '../api/types.ts';

export interface SkuDetail {
  stock: StockLevel | null;
  holders: SkuHolders;
  movements: StockMovement[];
  /** "entity:id" → the record's title (its title field), for the records named above. */
  titles: Map<string, string>;
  error: ApiError | null;
  reload(): void;
}

/**
 * One SKU: its stock and movements, who holds it (reservations, newest first) and who waits for
 * it (shortages), with the titles of those records read through the list API (`id in …`).
 */
export function useSkuDetail(appId: string, sku: string | null, warehouse: string, titleField: (entity: string) => string | undefined): SkuDetail {
  const [state, setState] = useState<Omit<SkuDetail, 'reload'>>({ stock: null, holders: { reservations: [], shortages: [] }, movements: [], titles: new Map(), error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!sku) return;
    let live = true;
    const base = `/api/apps/${encodeURIComponent(appId)}/stock/${encodeURIComponent(sku)}`;
    const q = `warehouse=${encodeURIComponent(warehouse)}`;
    (async () => {
      const [one, holders] = await Promise.all([
        api<{ stock: StockLevel; movements: StockMovement[] }>('GET', `${base}?${q}`),
        api<SkuHolders>('GET', `${base}/reservations?${q}&limit=200`),
      ]);
      const ids = new Map<string, Set<number>>();
      for (const r of [...holders.reservations, ...holders.shortages]) (ids.get(r.entity) ?? ids.set(r.entity, new Set()).get(r.entity)!).add(r.recordId);
      const titles = new Map<string, string>();
      await Promise.all(
        [...ids].map(async ([entity, set]) => {
          const field = titleField(entity);
          if (!field) return;
          const params = new URLSearchParams({ 'filter[id][in]': [...set].join(','), limit: String(Math.min(set.size, 500)) });
          const page = await api<RecordPage>('GET', `${recordsPath(appId, entity)}?${params}`).catch(() => ({ items: [] }) as unknown as RecordPage);
          for (const r of page.items) titles.set(`${entity}:${r.id}`, String(r.data[field] ?? `#${r.id}`));
        }),
      );
      return { stock: one.stock, movements: one.movements, holders, titles };
    })().then(
      (d) => live && setState({ ...d, error: null }),
      (error: ApiError) => live && setState((s) => ({ ...s, error })),
    );
    return () => {
      live = false;
    };
  }, [appId, sku, warehouse, tick, titleField]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
