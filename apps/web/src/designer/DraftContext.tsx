import { createContext, type ReactNode } from 'react';
import { useDraftState, type DraftState } from './useDraftState.ts';

export const DraftContext = createContext<DraftState | null>(null);

/** Provides one app's draft to every designer screen (so undo, redo and saving span them all). */
export function DraftProvider({ appId, children }: { appId: string; children: ReactNode }) {
  const state = useDraftState(appId);
  return <DraftContext.Provider value={state}>{children}</DraftContext.Provider>;
}
