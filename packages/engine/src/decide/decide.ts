import type { CompiledApp } from '../compile/compiled-app.ts';
import { decideCreate } from './create.ts';
import { DecisionRefused, refuse } from './engine-error.ts';
import { decideEvent } from './event.ts';
import { decideTransition } from './transition.ts';
import type { Command, Ctx, Decision } from './types.ts';
import { decideUpdate } from './update.ts';

/**
 * Decides what a command does to a record, without doing it: the new data, the steps taken,
 * the effects for the server (alerts, holds, records to create, HTTP requests, notifications)
 * and the rules that fired, or a refusal with a stable ENGINE_* code. Pure: time, the actor
 * and facts come in `ctx`; nothing is read or written.
 *
 * @example
 * const decision = decide(app, { kind: 'transition', entity: 'order', record, transition: 'approve' },
 *   { now: '2026-01-01T08:00:00Z', actor: { id: 'u7', roles: ['ops_supervisor'] } });
 * if (decision.ok) store.write(record.id, decision.data, decision.effects);
 * else reply(409, decision.error);
 */
export function decide(app: CompiledApp, command: Command, ctx: Ctx): Decision {
  const entity = app.entities.get(command.entity);
  if (!entity) {
    return refuse(
      'ENGINE_UNKNOWN_ENTITY',
      `There is no entity "${command.entity}" in version ${app.version}`,
      `没有「${command.entity}」这类记录`,
      `Use one of: ${[...app.entities.keys()].join(', ')}.`,
    );
  }
  if (command.kind !== 'create' && command.record.entity !== command.entity) {
    return refuse(
      'ENGINE_ENTITY_MISMATCH',
      `The record is a "${command.record.entity}", not a "${command.entity}"`,
      `记录类型不符`,
      'Send the command to the record\'s own entity.',
    );
  }
  if ((command.kind === 'transition' || command.kind === 'event') && !entity.workflow) {
    return refuse('ENGINE_NO_WORKFLOW', `"${entity.id}" has no workflow`, `「${entity.def.label['zh-CN']}」没有状态流程`, 'Add a workflow for this entity.');
  }
  try {
    switch (command.kind) {
      case 'create':
        return decideCreate(app, entity, command, ctx);
      case 'update':
        return decideUpdate(app, entity, command, ctx);
      case 'transition':
        return decideTransition(app, entity, command, ctx);
      case 'event':
        return decideEvent(app, entity, command, ctx);
    }
  } catch (e) {
    if (e instanceof DecisionRefused) return e.decision;
    throw e;
  }
}
