import { createContext, useEffect, useState, type ReactNode } from 'react';
import type { AppDefinition } from '@statecraft/schema';
import { api } from '../api/client.ts';
import { buildAppModel, type AppModel } from './app-model.ts';

export const DefinitionContext = createContext<AppModel | null>(null);

/**
 * Loads the published definition of the first app (GET /api/apps, then its definition) once the
 * user is signed in, and provides the model every screen is generated from.
 */
export function DefinitionProvider({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const [model, setModel] = useState<AppModel | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const apps = await api<{ items: { id: string; latestVersion: number | null }[] }>('GET', '/api/apps');
      const appId = apps.items.find((a) => a.latestVersion !== null)?.id;
      if (!appId) throw new Error('No app is published yet.');
      const published = await api<{ appId: string; version: number; definition: AppDefinition }>('GET', `/api/apps/${encodeURIComponent(appId)}/definition`);
      if (live) setModel(buildAppModel(published.appId, published.version, published.definition));
    })().catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, []);
  if (error) return <div className="page-error">{error}</div>;
  if (!model) return <>{fallback}</>;
  return <DefinitionContext.Provider value={model}>{children}</DefinitionContext.Provider>;
}
