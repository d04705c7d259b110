import type { CompiledApp } from '../compile/compiled-app.ts';
import type { Actor } from './types.ts';

/** Superusers may do everything: flagged on the actor, or holding a role declared superuser. */
export function isSuperuser(app: CompiledApp, actor: Actor): boolean {
  if (actor.superuser === true) return true;
  for (const role of actor.roles) if (app.superuserRoles.has(role)) return true;
  return false;
}

/** A role list where undefined means "every role"; superusers are always allowed. */
export function hasRole(allowed: ReadonlySet<string> | undefined, actor: Actor, superuser: boolean): boolean {
  if (allowed === undefined || superuser) return true;
  for (const role of actor.roles) if (allowed.has(role)) return true;
  return false;
}
