import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { Condition, SavedView } from '../api/types.ts';

export interface SavedViews {
  /** The user's own views; null while loading or when the server has no saved views. */
  views: SavedView[] | null;
  save(name: string, filters: Condition[], sort: SavedView['sort']): Promise<void>;
  remove(id: number): Promise<void>;
}

/** The signed-in user's saved views of an entity's list (GET/POST/DELETE /api/apps/:app/views). */
export function useSavedViews(appId: string, entity: string): SavedViews {
  const [views, setViews] = useState<SavedView[] | null>(null);
  const base = `/api/apps/${encodeURIComponent(appId)}/views`;
  const load = useCallback(() => {
    api<{ items: SavedView[] }>('GET', `${base}?entity=${encodeURIComponent(entity)}`).then(
      (r) => setViews(r.items),
      () => setViews(null),
    );
  }, [base, entity]);
  useEffect(load, [load]);
  const save = useCallback(
    async (name: string, filters: Condition[], sort: SavedView['sort']) => {
      await api('POST', base, { entity, name, filters, sort });
      load();
    },
    [base, entity, load],
  );
  const remove = useCallback(
    async (id: number) => {
      await api('DELETE', `${base}/${id}`);
      load();
    },
    [base, load],
  );
  return { views, save, remove };
}
