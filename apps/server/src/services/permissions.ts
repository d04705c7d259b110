import type { AppDefinition, Entity } from '@statecraft/schema';
import { AppError } from '../app-error.ts';
import type { Actor } from './actor.ts';

export type EntityOperation = 'read' | 'create' | 'update' | 'delete';

/** The roles that may do everything in an app (`superuser: true` in its definition). */
export function superuserRolesOf(definition: AppDefinition): Set<string> {
  return new Set(definition.roles.filter((r) => r.superuser).map((r) => r.id));
}

/**
 * Whether the actor may perform `op` on records of `entity`: superusers always, otherwise one
 * of the actor's roles must be in the entity's permission list (a missing list allows every role).
 */
export function mayAccess(entity: Entity, op: EntityOperation, actor: Actor, superuserRoles: ReadonlySet<string>): boolean {
  if (actor.roles.some((r) => superuserRoles.has(r))) return true;
  const allowed = entity.permissions?.[op];
  if (!allowed) return true;
  return actor.roles.some((r) => allowed.includes(r));
}

const VERBS: Record<EntityOperation, string> = { read: 'read', create: 'create', update: 'update', delete: 'delete' };

/** Throws PERMISSION_DENIED (403) unless the actor may perform `op` on `entity`. */
export function assertMayAccess(entity: Entity, op: EntityOperation, actor: Actor, superuserRoles: ReadonlySet<string>): void {
  if (mayAccess(entity, op, actor, superuserRoles)) return;
  const allowed = entity.permissions?.[op] ?? [];
  throw new AppError(
    'PERMISSION_DENIED',
    403,
    `Your roles (${actor.roles.join(', ') || 'none'}) may not ${VERBS[op]} ${entity.id} records.`,
    { hint: `Ask an administrator for one of these roles: ${allowed.join(', ') || '(superusers only)'}.` },
  );
}
