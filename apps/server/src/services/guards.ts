import type { FastifyRequest } from 'fastify';
import { AppError } from '../app-error.ts';
import type { Actor } from './actor.ts';

/** The signed-in actor, or AUTH_REQUIRED (401). */
export function actorOf(request: FastifyRequest): Actor {
  const actor = request.actor;
  if (!actor) {
    throw new AppError('AUTH_REQUIRED', 401, 'You are not signed in (or your session expired).', {
      hint: 'Sign in with POST /api/auth/login, or send "Authorization: Bearer <API token>".',
    });
  }
  return actor;
}

/** True when one of the actor's roles is a superuser role. */
export function isSuperuser(actor: Actor, superuserRoles: ReadonlySet<string>): boolean {
  return actor.roles.some((r) => superuserRoles.has(r));
}

/** Only superusers (administrators) pass; AUTH_FORBIDDEN (403) otherwise. */
export function assertSuperuser(actor: Actor, superuserRoles: ReadonlySet<string>, what: string): void {
  if (isSuperuser(actor, superuserRoles)) return;
  throw new AppError('AUTH_FORBIDDEN', 403, `Only administrators may ${what}.`, {
    hint: `Ask a user with one of the roles ${[...superuserRoles].join(', ')} to do it.`,
  });
}

/** The role that designs apps besides superusers. */
export const DESIGNER_ROLE = 'analyst';

/** Superusers and analysts pass (saving and publishing definitions); AUTH_FORBIDDEN (403) otherwise. */
export function assertDesigner(actor: Actor, superuserRoles: ReadonlySet<string>, what: string): void {
  if (isSuperuser(actor, superuserRoles) || actor.roles.includes(DESIGNER_ROLE)) return;
  throw new AppError('AUTH_FORBIDDEN', 403, `Only analysts and administrators may ${what}.`, {
    hint: `Ask for the role "${DESIGNER_ROLE}" or ask an administrator.`,
  });
}
