import type { CompiledApp, CompiledEntity } from '../compile/compiled-app.ts';
import { DecisionRun } from './decision-run.ts';
import { refuse } from './engine-error.ts';
import { hasRole, isSuperuser } from './permissions.ts';
import { preparePatch } from './record-input.ts';
import type { Command, Ctx, Decision } from './types.ts';
import { refuseProblems } from './validation-refusal.ts';

/** update: merges the patch (not the state, read-only or computed fields), recomputes, chains, `updated` rules. */
export function decideUpdate(app: CompiledApp, entity: CompiledEntity, command: Extract<Command, { kind: 'update' }>, ctx: Ctx): Decision {
  if (!hasRole(entity.updateRoles, ctx.actor, isSuperuser(app, ctx.actor))) {
    return refuse(
      'ENGINE_ROLE_FORBIDDEN',
      `Your roles may not change "${entity.id}" records`,
      `您的角色无权修改「${entity.def.label['zh-CN']}」`,
      `Ask for one of the roles: ${[...entity.updateRoles!].join(', ')}.`,
    );
  }
  const { patch, problems } = preparePatch(app, entity, command.patch);
  if (problems.length) return refuseProblems(problems);
  const { record } = command;
  const run = new DecisionRun(app, entity, ctx, record.data, { id: record.id, version: record.version, hold: record.hold });
  run.applyPatch(patch);
  run.settle();
  run.runRules(entity.rules.updated);
  run.settle();
  return run.finish();
}
