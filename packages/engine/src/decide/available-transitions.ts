import type { I18NText } from '@statecraft/schema';
import type { CompiledApp } from '../compile/compiled-app.ts';
import type { RecordEnvelope } from '../record.ts';
import { DecisionRun } from './decision-run.ts';
import { DecisionRefused, type EngineErrorCode } from './engine-error.ts';
import { hasRole, isSuperuser } from './permissions.ts';
import type { Ctx, Step } from './types.ts';

/** A transition a person could fire from the record's state, and whether this actor may now. */
export interface TransitionOption {
  id: string;
  label: I18NText;
  to: string;
  confirm?: I18NText;
  trigger: Step['trigger'];
  allowed: boolean;
  /** Why not: the actor's roles, the record's hold, or the transition's guard. */
  reason?: 'role' | 'hold' | 'guard';
  /** The ENGINE_* code `decide` would answer with. */
  code?: EngineErrorCode;
}

/**
 * The buttons for a record: the manual transitions leaving its state (and, for superusers, the
 * event ones they may stand in for), each allowed or not with the reason. Same checks, in the
 * same order, as `decide`: roles, hold, guard.
 *
 * @example
 * availableTransitions(app, 'order', record, ctx).filter((o) => o.allowed).map((o) => o.label['zh-CN'])
 */
export function availableTransitions(app: CompiledApp, entity: string, record: RecordEnvelope, ctx: Ctx): TransitionOption[] {
  const compiled = app.entities.get(entity);
  const workflow = compiled?.workflow;
  if (!compiled || !workflow) return [];
  const superuser = isSuperuser(app, ctx.actor);
  const run = new DecisionRun(app, compiled, ctx, record.data, { id: record.id, version: record.version, hold: record.hold });
  const options: TransitionOption[] = [];
  for (const t of workflow.leaving.get(run.state) ?? []) {
    if (t.trigger === 'automatic' || (t.trigger === 'event' && !superuser)) continue;
    const option: TransitionOption = { id: t.id, label: t.label, to: t.to, trigger: t.trigger, allowed: true };
    if (t.def.confirm) option.confirm = t.def.confirm;
    if (!hasRole(t.roles, ctx.actor, superuser)) {
      Object.assign(option, { allowed: false, reason: 'role', code: 'ENGINE_ROLE_FORBIDDEN' });
    } else {
      let why;
      try {
        why = run.blocked(t);
      } catch (e) {
        if (!(e instanceof DecisionRefused)) throw e;
        why = 'guard' as const; // a guard that fails to evaluate does not hold
      }
      if (why === 'hold') Object.assign(option, { allowed: false, reason: 'hold', code: 'ENGINE_RECORD_ON_HOLD' });
      if (why === 'guard') Object.assign(option, { allowed: false, reason: 'guard', code: 'ENGINE_GUARD_FAILED' });
    }
    options.push(option);
  }
  return options;
}
