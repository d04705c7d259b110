import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.ts';

export interface VersionInfo {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  note: string | null;
}

/** The app's published versions, newest first. */
export function useVersions(appId: string): { versions: VersionInfo[]; reload(): void } {
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    api<{ items: VersionInfo[] }>('GET', `/api/apps/${encodeURIComponent(appId)}/definition/versions`).then((r) => live && setVersions(r.items), () => undefined);
    return () => {
      live = false;
    };
  }, [appId, tick]);
  return { versions, reload: useCallback(() => setTick((n) => n + 1), []) };
}
