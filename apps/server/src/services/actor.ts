/** Who is making a request: a logged-in user (session) or an integration (API token). */
export interface Actor {
  /** The user's username (what audit rows and `createdBy` record). */
  id: string;
  userId: number | null;
  displayName: string;
  roles: string[];
  via: 'session' | 'token' | 'system';
  /** The session row's id, for logout. */
  sessionId?: number;
  tokenId?: number;
}

/** The engine's view of an actor, for one app: superuser when one of the roles is a superuser role there. */
export function engineActor(actor: Actor, superuserRoles: ReadonlySet<string>): { id: string; roles: string[]; superuser: boolean } {
  return { id: actor.id, roles: actor.roles, superuser: actor.roles.some((r) => superuserRoles.has(r)) };
}
