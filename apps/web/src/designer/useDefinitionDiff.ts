import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';

/** One changed item as the diff endpoint answers it. */
export interface ItemChange {
  kind: 'added' | 'removed' | 'changed';
  key: string;
  label?: Record<string, string>;
  changedKeys?: string[];
}
export interface DefinitionDiff {
  fields: ItemChange[];
  states: ItemChange[];
  transitions: ItemChange[];
  rules: ItemChange[];
}

/** The diff between two versions (numbers or "draft"), from `GET …/definition/diff`. */
export function useDefinitionDiff(appId: string, from: string | null, to: string | null, refresh = 0): { diff: DefinitionDiff | null; error: string | null } {
  const [diff, setDiff] = useState<DefinitionDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!from || !to) return;
    let live = true;
    api<DefinitionDiff>('GET', `/api/apps/${encodeURIComponent(appId)}/definition/diff?from=${from}&to=${to}`).then(
      (d) => live && (setDiff(d), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [appId, from, to, refresh]);
  return { diff, error };
}
