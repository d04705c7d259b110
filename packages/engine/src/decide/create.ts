import type { CompiledApp, CompiledEntity } from '../compile/compiled-app.ts';
import { DecisionRun } from './decision-run.ts';
import { refuse } from './engine-error.ts';
import { hasRole, isSuperuser } from './permissions.ts';
import { prepareCreate } from './record-input.ts';
import type { Command, Ctx, Decision } from './types.ts';
import { refuseProblems } from './validation-refusal.ts';

/** create: defaults, initial state, field checks, computed fields, automatic chain, `created` rules. */
export function decideCreate(app: CompiledApp, entity: CompiledEntity, command: Extract<Command, { kind: 'create' }>, ctx: Ctx): Decision {
  if (!hasRole(entity.createRoles, ctx.actor, isSuperuser(app, ctx.actor))) {
    return refuse(
      'ENGINE_ROLE_FORBIDDEN',
      `Your roles may not create "${entity.id}" records`,
      `您的角色无权新建「${entity.def.label['zh-CN']}」`,
      `Ask for one of the roles: ${[...entity.createRoles!].join(', ')}.`,
    );
  }
  const { data, problems } = prepareCreate(app, entity, command.data);
  if (problems.length) return refuseProblems(problems);
  if (entity.workflow) data[entity.workflow.stateField] = entity.workflow.initial;
  const run = new DecisionRun(app, entity, ctx, data, { id: null, version: 0, hold: null }, true);
  run.computeAll();
  run.settle();
  run.runRules(entity.rules.created);
  run.settle();
  return run.finish();
}
