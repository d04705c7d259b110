import { pointer, type Problem, type Workflow } from '@statecraft/schema';
import type { DefinitionIndex } from './definition-index.ts';
import { error, listOf, warning } from './problems.ts';

function checkInitialStates(workflow: Workflow, w: number, out: Problem[]): string | undefined {
  const initial = workflow.states.map((s, k) => ({ s, k })).filter(({ s }) => s.kind === 'initial');
  if (initial.length === 0) {
    out.push(
      error(pointer('workflows', w, 'states'), 'DEF_NO_INITIAL_STATE', `Workflow "${workflow.id}" has no initial state`, 'Mark the state new records start in with kind "initial".'),
    );
    return undefined;
  }
  for (const { s, k } of initial.slice(1)) {
    out.push(
      error(
        pointer('workflows', w, 'states', k, 'kind'),
        'DEF_MULTIPLE_INITIAL_STATES',
        `Workflow "${workflow.id}" has several initial states ("${initial[0]!.s.id}" and "${s.id}")`,
        'Keep exactly one state with kind "initial"; make the others "normal".',
      ),
    );
  }
  return initial[0]!.s.id;
}

function checkReachability(workflow: Workflow, w: number, initial: string, out: Problem[]): void {
  const next = new Map<string, string[]>();
  for (const t of workflow.transitions) for (const from of t.from) next.set(from, [...(next.get(from) ?? []), t.to]);
  const reached = new Set([initial]);
  const queue = [initial];
  while (queue.length) {
    for (const to of next.get(queue.shift()!) ?? []) {
      if (!reached.has(to)) {
        reached.add(to);
        queue.push(to);
      }
    }
  }
  workflow.states.forEach((s, k) => {
    if (!reached.has(s.id)) {
      out.push(
        error(
          pointer('workflows', w, 'states', k),
          'DEF_UNREACHABLE_STATE',
          `No chain of transitions leads from "${initial}" to state "${s.id}"`,
          `Add a transition to "${s.id}", or remove the state.`,
        ),
      );
    }
  });
}

/** Cycles made only of automatic transitions: the engine would loop until maxAutomaticSteps. */
function checkAutomaticLoops(workflow: Workflow, w: number, out: Problem[]): void {
  const edges = new Map<string, { to: string; index: number }[]>();
  workflow.transitions.forEach((t, index) => {
    if (t.trigger !== 'automatic') return;
    for (const from of t.from) edges.set(from, [...(edges.get(from) ?? []), { to: t.to, index }]);
  });
  const colour = new Map<string, 'open' | 'done'>();
  const reported = new Set<number>();
  const path: { state: string; index: number }[] = [];
  const visit = (state: string) => {
    colour.set(state, 'open');
    for (const edge of edges.get(state) ?? []) {
      const c = colour.get(edge.to);
      if (c === 'open') {
        if (!reported.has(edge.index)) {
          reported.add(edge.index);
          const start = path.findIndex((p) => p.state === edge.to);
          const cycle = [...path.slice(start === -1 ? path.length : start).map((p) => workflow.transitions[p.index]!.id), workflow.transitions[edge.index]!.id];
          out.push(
            error(
              pointer('workflows', w, 'transitions', edge.index),
              'DEF_AUTOMATIC_LOOP',
              `Automatic transitions form a loop: ${cycle.join(' → ')}`,
              'Make one transition of the loop manual or event-triggered, or point it at another state.',
            ),
          );
        }
      } else if (c === undefined) {
        path.push({ state: edge.to, index: edge.index });
        visit(edge.to);
        path.pop();
      }
    }
    colour.set(state, 'done');
  };
  for (const state of edges.keys()) if (!colour.has(state)) visit(state);
}

/**
 * The state machine itself: exactly one initial state, every state reachable from it, nothing
 * leaving a final state, event triggers with event names (and only they), no loop of automatic
 * transitions. Warnings: manual transitions anyone may fire, roles on non-manual transitions.
 */
export function checkWorkflowGraphs(index: DefinitionIndex): Problem[] {
  const out: Problem[] = [];
  index.def.workflows.forEach((workflow, w) => {
    const initial = checkInitialStates(workflow, w, out);
    if (initial !== undefined) checkReachability(workflow, w, initial, out);
    const final = new Set(workflow.states.filter((s) => s.kind === 'final').map((s) => s.id));
    workflow.transitions.forEach((t, i) => {
      const at = (...rest: (string | number)[]) => pointer('workflows', w, 'transitions', i, ...rest);
      t.from.forEach((s, k) => {
        if (final.has(s)) {
          out.push(
            error(at('from', k), 'DEF_TRANSITION_FROM_FINAL', `Transition "${t.id}" leaves final state "${s}"`, `Remove "${s}" from "from", or make the state "normal".`),
          );
        }
      });
      if (t.trigger === 'event' && t.event === undefined) {
        out.push(error(at('event'), 'DEF_EVENT_MISSING', `Transition "${t.id}" is triggered by an event but names none`, 'Add "event", e.g. "channel.paid".'));
      }
      if (t.trigger !== 'event' && t.event !== undefined) {
        out.push(
          error(
            at('event'),
            'DEF_EVENT_WITHOUT_TRIGGER',
            `Transition "${t.id}" names event "${t.event}" but its trigger is "${t.trigger}"`,
            'Set trigger to "event", or remove "event".',
          ),
        );
      }
      if (t.trigger === 'manual' && t.roles === undefined) {
        out.push(
          warning(
            at('roles'),
            'DEF_TRANSITION_NO_ROLES',
            `Anyone may fire manual transition "${t.id}"`,
            `List the roles allowed to fire it (${listOf(index.roles)}).`,
          ),
        );
      }
      if (t.trigger !== 'manual' && t.roles !== undefined) {
        out.push(
          warning(at('roles'), 'DEF_ROLES_IGNORED', `Roles of ${t.trigger} transition "${t.id}" are not checked: nobody fires it by hand`, 'Remove "roles", or make the transition manual.'),
        );
      }
    });
    checkAutomaticLoops(workflow, w, out);
  });
  return out;
}
