import { useContext } from 'react';
import { DefinitionContext } from './DefinitionContext.tsx';
import type { AppModel } from './app-model.ts';

/** The published definition the workspace is generated from. */
export function useAppModel(): AppModel {
  const ctx = useContext(DefinitionContext);
  if (!ctx) throw new Error('useAppModel must be used inside <DefinitionProvider>.');
  return ctx;
}
