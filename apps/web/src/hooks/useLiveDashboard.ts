import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { DashboardData } from '../api/types.ts';

/**
 * A dashboard's figures, kept live: read once, then pushed by the server as server-sent events
 * whenever records change. EventSource reconnects by itself after a drop.
 */
export function useLiveDashboard(appId: string, dashboardId: string): { data: DashboardData | null; live: boolean; error: string | null } {
  const [data, setData] = useState<DashboardData | null>(null);
  const [live, setLive] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const base = `/api/apps/${encodeURIComponent(appId)}/dashboards/${encodeURIComponent(dashboardId)}`;
    let open = true;
    api<DashboardData>('GET', `${base}/data`).then(
      (d) => open && setData((cur) => cur ?? d),
      (e: Error) => open && setError(e.message),
    );
    const source = new EventSource(`${base}/stream`);
    source.addEventListener('open', () => setLive(true));
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('dashboard', (e) => {
      setLive(true);
      setData(JSON.parse((e as MessageEvent<string>).data) as DashboardData);
    });
    return () => {
      open = false;
      source.close();
    };
  }, [appId, dashboardId]);
  return { data, live, error };
}
