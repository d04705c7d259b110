import { pointer, type Entity, type Problem } from '@statecraft/schema';
import { dataRoots } from '../logic/var-references.ts';
import type { OperatorRegistry } from '../logic/registry.ts';
import type { DefinitionIndex } from './definition-index.ts';
import { error } from './problems.ts';

/** For each computed field of an entity, the computed fields its expression reads. */
export function computedDependencies(entity: Entity, operators: OperatorRegistry): Map<string, string[]> {
  const computed = new Set(entity.fields.filter((f) => f.type === 'computed').map((f) => f.id));
  const deps = new Map<string, string[]>();
  for (const field of entity.fields) {
    if (field.type !== 'computed' || deps.has(field.id)) continue;
    let roots: Set<string>;
    try {
      roots = dataRoots(field.expression, operators);
    } catch {
      roots = new Set();
    }
    deps.set(field.id, [...roots].filter((r) => computed.has(r)));
  }
  return deps;
}

/** The chain from `start` back to itself through `deps`, or undefined when there is none. */
function cycleFrom(start: string, deps: Map<string, string[]>): string[] | undefined {
  const seen = new Set<string>();
  const search = (id: string, chain: string[]): string[] | undefined => {
    for (const next of deps.get(id) ?? []) {
      if (next === start) return [...chain, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = search(next, [...chain, next]);
      if (found) return found;
    }
    return undefined;
  };
  return search(start, [start]);
}

/** A computed field whose expression reads itself, directly or through other computed fields. */
export function checkComputedFields(index: DefinitionIndex): Problem[] {
  const out: Problem[] = [];
  index.def.entities.forEach((entity, e) => {
    const deps = computedDependencies(entity, index.operators);
    entity.fields.forEach((field, f) => {
      if (field.type !== 'computed') return;
      const cycle = cycleFrom(field.id, deps);
      if (!cycle) return;
      out.push(
        error(
          pointer('entities', e, 'fields', f, 'expression'),
          'DEF_COMPUTED_CYCLE',
          `Computed field "${field.id}" depends on itself: ${cycle.join(' → ')}`,
          'Compute it from stored fields only, or break the chain between the computed fields.',
        ),
      );
    });
  });
  return out;
}
