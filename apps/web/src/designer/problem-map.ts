import type { AppDefinition } from '@statecraft/schema';
import type { ApiProblem } from '../api/api-error.ts';

/** A validation problem as the server answers it (a JSON pointer into the definition). */
export interface DefinitionProblem extends ApiProblem {
  severity: 'error' | 'warning';
}

/** The designer item a problem concerns. */
export type ProblemTarget =
  | { area: 'field'; entity: string; id: string }
  | { area: 'form'; entity: string; id: string }
  | { area: 'state'; workflow: string; id: string }
  | { area: 'transition'; workflow: string; id: string }
  | { area: 'rule'; id: string }
  | { area: 'other' };

/** Problems grouped by the item they concern, keyed `area:id` (e.g. `transition:approve`). */
export type ProblemIndex = Map<string, DefinitionProblem[]>;

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * Maps a JSON pointer to the item it points into, reading the ids from the definition the
 * problems were computed for (indices shift as people edit; ids do not).
 *
 * @example targetOf(def, '/workflows/0/transitions/3/guard/!/var') // { area: 'transition', workflow: 'order_flow', id: 'approve' }
 */
export function targetOf(def: AppDefinition, pointer: string): ProblemTarget {
  const parts = pointer.split('/').slice(1).map(unescape);
  const at = (i: number) => Number(parts[i]);
  if (parts[0] === 'entities') {
    const entity = def.entities?.[at(1)];
    if (!entity) return { area: 'other' };
    if (parts[2] === 'fields' && entity.fields?.[at(3)]) return { area: 'field', entity: entity.id, id: entity.fields[at(3)]!.id };
    if (parts[2] === 'form' && parts[3] === 'sections' && entity.form?.sections?.[at(4)]) return { area: 'form', entity: entity.id, id: entity.form.sections[at(4)]!.id };
    return { area: 'other' };
  }
  if (parts[0] === 'workflows') {
    const wf = def.workflows?.[at(1)];
    if (!wf) return { area: 'other' };
    if (parts[2] === 'states' && wf.states?.[at(3)]) return { area: 'state', workflow: wf.id, id: wf.states[at(3)]!.id };
    if (parts[2] === 'transitions' && wf.transitions?.[at(3)]) return { area: 'transition', workflow: wf.id, id: wf.transitions[at(3)]!.id };
    return { area: 'other' };
  }
  if (parts[0] === 'rules' && def.rules?.[at(1)]) return { area: 'rule', id: def.rules[at(1)]!.id };
  return { area: 'other' };
}

/** The index key of a target. */
export const targetKey = (t: ProblemTarget) => (t.area === 'other' ? 'other' : `${t.area}:${t.id}`);

/** Groups problems by the item they concern. */
export function indexProblems(def: AppDefinition, problems: readonly DefinitionProblem[]): ProblemIndex {
  const out: ProblemIndex = new Map();
  for (const p of problems) {
    const key = targetKey(targetOf(def, p.path));
    const list = out.get(key) ?? [];
    list.push(p);
    out.set(key, list);
  }
  return out;
}
