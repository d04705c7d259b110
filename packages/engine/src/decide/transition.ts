import type { CompiledApp, CompiledEntity, CompiledTransition } from '../compile/compiled-app.ts';
import type { Blocked } from './decision-run.ts';
import { DecisionRun } from './decision-run.ts';
import { refuse } from './engine-error.ts';
import { hasRole, isSuperuser } from './permissions.ts';
import type { Command, Ctx, Decision } from './types.ts';

function label(t: CompiledTransition): string {
  return t.label['zh-CN'];
}

/** The refusal for a transition that cannot fire now. */
export function refuseBlocked(t: CompiledTransition, why: Blocked, state: string): Extract<Decision, { ok: false }> {
  switch (why) {
    case 'state':
      return refuse(
        'ENGINE_TRANSITION_NOT_FROM_STATE',
        `Transition "${t.id}" cannot leave state "${state}" (it leaves ${[...t.from].join(', ')})`,
        `当前状态「${state}」不能执行「${label(t)}」`,
        'Reload the record: its state may have changed.',
        { transition: t.id },
      );
    case 'hold':
      return refuse(
        'ENGINE_RECORD_ON_HOLD',
        `The record is on hold, so "${t.id}" is refused until the hold is released`,
        `记录已暂停（暂停发货），「${label(t)}」需在解除暂停后执行`,
        'Release the hold first (after checking its reason).',
        { transition: t.id },
      );
    case 'guard':
      return refuse(
        'ENGINE_GUARD_FAILED',
        `The condition of transition "${t.id}" does not hold for this record`,
        `不满足「${label(t)}」的条件`,
        'Complete the record (see the transition\'s condition) and try again.',
        { transition: t.id },
      );
  }
}

/** transition: exists, fired by hand, from-state, roles, hold, guard; then actions, chain, rules. */
export function decideTransition(app: CompiledApp, entity: CompiledEntity, command: Extract<Command, { kind: 'transition' }>, ctx: Ctx): Decision {
  const workflow = entity.workflow!;
  const t = workflow.transitions.get(command.transition);
  if (!t) {
    return refuse(
      'ENGINE_UNKNOWN_TRANSITION',
      `The workflow of "${entity.id}" has no transition "${command.transition}"`,
      `没有名为「${command.transition}」的流转`,
      `Use one of: ${[...workflow.transitions.keys()].join(', ')}.`,
      { transition: command.transition },
    );
  }
  const superuser = isSuperuser(app, ctx.actor);
  // Automatic transitions fire by themselves; event ones come from the system (a superuser may stand in).
  if (t.trigger === 'automatic' || (t.trigger === 'event' && !superuser)) {
    return refuse(
      'ENGINE_TRANSITION_NOT_MANUAL',
      `Transition "${t.id}" is ${t.trigger === 'automatic' ? 'automatic' : `fired by the event "${t.def.event}"`}, not by hand`,
      `「${label(t)}」由系统自动执行，不能手动执行`,
      t.trigger === 'event' ? `Send the event "${t.def.event}" instead.` : 'It fires by itself once its condition holds.',
      { transition: t.id },
    );
  }
  const { record } = command;
  const run = new DecisionRun(app, entity, ctx, record.data, { id: record.id, version: record.version, hold: record.hold });
  if (!t.from.has(run.state)) return refuseBlocked(t, 'state', run.state);
  if (!hasRole(t.roles, ctx.actor, superuser)) {
    return refuse(
      'ENGINE_ROLE_FORBIDDEN',
      `Your roles (${ctx.actor.roles.join(', ') || 'none'}) may not fire "${t.id}"`,
      `您的角色无权执行「${label(t)}」`,
      `Ask someone with one of the roles: ${[...t.roles!].join(', ')}.`,
      { transition: t.id },
    );
  }
  const why = run.blocked(t);
  if (why) return refuseBlocked(t, why, run.state);
  run.fire(t, t.trigger === 'event' ? 'event' : 'manual');
  run.settle();
  return run.finish();
}
