import { useContext } from 'react';
import type { AppDefinition } from '@statecraft/schema';
import { DraftContext } from './DraftContext.tsx';
import type { DraftState } from './useDraftState.ts';

/** The draft being designed (inside <DraftProvider>, once it has loaded). */
export function useDraft(): DraftState & { definition: AppDefinition } {
  const ctx = useContext(DraftContext);
  if (!ctx) throw new Error('useDraft must be used inside <DraftProvider>.');
  if (!ctx.definition) throw new Error('useDraft: the draft has not loaded yet.');
  return ctx as DraftState & { definition: AppDefinition };
}
