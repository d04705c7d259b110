import type { CompiledApp, CompiledEntity } from '../compile/compiled-app.ts';
import type { Blocked } from './decision-run.ts';
import { DecisionRun } from './decision-run.ts';
import { refuse } from './engine-error.ts';
import { refuseBlocked } from './transition.ts';
import type { Command, Ctx, Decision } from './types.ts';

/**
 * event: the first transition for this event that leaves the record's state and may fire
 * (hold, guard) fires. Events come from the system, so roles are not checked.
 */
export function decideEvent(app: CompiledApp, entity: CompiledEntity, command: Extract<Command, { kind: 'event' }>, ctx: Ctx): Decision {
  const workflow = entity.workflow!;
  const candidates = workflow.events.get(command.event);
  if (!candidates) {
    return refuse(
      'ENGINE_UNKNOWN_EVENT',
      `No transition of "${entity.id}" is triggered by the event "${command.event}"`,
      `没有流转响应事件「${command.event}」`,
      `Known events: ${[...workflow.events.keys()].join(', ') || '(none)'}.`,
    );
  }
  const { record } = command;
  const run = new DecisionRun(app, entity, ctx, record.data, { id: record.id, version: record.version, hold: record.hold });
  let first: { t: (typeof candidates)[number]; why: Blocked } | undefined;
  for (const t of candidates) {
    const why = run.blocked(t);
    if (why === null) {
      run.fire(t, 'event');
      run.settle();
      return run.finish();
    }
    // Prefer explaining a transition that leaves the current state over one that does not.
    if (!first || (first.why === 'state' && why !== 'state')) first = { t, why };
  }
  return refuseBlocked(first!.t, first!.why, run.state);
}
