import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { AlertItem } from '../api/types.ts';

/**
 * Ids of the entity's records with open alerts (for the "has alert" filter), read page by page
 * from the alerts API up to 1000 records: the list filters with id in (…).
 */
export function useAlertedIds(appId: string, entity: string, enabled: boolean): number[] | null {
  const [ids, setIds] = useState<number[] | null>(null);
  useEffect(() => {
    if (!enabled) {
      setIds(null);
      return;
    }
    let live = true;
    (async () => {
      const found = new Set<number>();
      let before: number | undefined;
      for (let page = 0; page < 20 && found.size < 1000; page++) {
        const q = new URLSearchParams({ status: 'open', entity, limit: '200' });
        if (before) q.set('before', String(before));
        const res = await api<{ items: AlertItem[] }>('GET', `/api/apps/${appId}/alerts?${q}`);
        for (const a of res.items) if (a.recordId !== null && a.code !== 'notification') found.add(a.recordId);
        if (res.items.length < 200) break;
        before = res.items[res.items.length - 1]!.id;
      }
      if (live) setIds([...found].slice(0, 1000));
    })().catch(() => live && setIds([]));
    return () => {
      live = false;
    };
  }, [appId, entity, enabled]);
  return ids;
}
