import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Entity } from '@statecraft/schema';
import { useDraft } from './useDraft.ts';

/** The entity being designed (`?entity=`; default: the first entity with a workflow). */
export function useDesignerEntity(): { entity: Entity; setEntity(id: string): void } {
  const { definition } = useDraft();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('entity');
  const fallback = definition.workflows[0]?.entity ?? definition.entities[0]!.id;
  const entity = definition.entities.find((e) => e.id === wanted) ?? definition.entities.find((e) => e.id === fallback)!;
  const setEntity = useCallback((id: string) => setParams((p) => {
    const next = new URLSearchParams(p);
    next.set('entity', id);
    return next;
  }), [setParams]);
  return { entity, setEntity };
}
