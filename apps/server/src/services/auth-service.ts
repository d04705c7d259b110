import type { ApiToken, Store, User } from '@statecraft/store';
import { AppError } from '../app-error.ts';
import type { Actor } from './actor.ts';
import { dummyPasswordHash, generatePassword, hashPassword, verifyPassword } from './password.ts';
import { newSecret } from './secret-token.ts';

export interface AuthOptions {
  /** scrypt N for new password hashes (tests lower it; hashes carry their own cost). */
  passwordCost?: number;
  /** How long a session lives without use (sliding), default 12 h. */
  sessionTtlMs?: number;
  /** How long a resolved session or token is trusted before the database is asked again (default 10 s). */
  cacheTtlMs?: number;
}

interface CachedActor {
  actor: Actor | null;
  until: number;
  /** For sessions: when the stored expiry should be pushed forward. */
  extendAfter?: number;
}

const MAX_CACHE = 10_000;

/** A user as the API shows it (never the password hash). */
export interface PublicUser {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export function publicUser(u: User): PublicUser {
  return { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles, disabled: u.disabled, createdAt: u.createdAt, updatedAt: u.updatedAt };
}

function actorOfUser(user: User, via: Actor['via'], extra: Partial<Actor> = {}): Actor {
  return { id: user.username, userId: user.id, displayName: user.displayName, roles: user.roles, via, ...extra };
}

/**
 * Users, password sign-in, sessions and API tokens. Sessions and tokens are random secrets of
 * which the store keeps only a hash; a resolved secret is cached for a few seconds so the request
 * path does not query the database each time (logout, disable, revoke and role changes clear it).
 */
export class AuthService {
  private readonly cache = new Map<string, CachedActor>();
  private readonly passwordCost: number | undefined;
  readonly sessionTtlMs: number;
  private readonly cacheTtlMs: number;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    options: AuthOptions = {},
  ) {
    this.passwordCost = options.passwordCost;
    this.sessionTtlMs = options.sessionTtlMs ?? 12 * 3600_000;
    this.cacheTtlMs = options.cacheTtlMs ?? 10_000;
  }

  hashPassword(password: string): Promise<string> {
    return hashPassword(password, this.passwordCost);
  }

  /** Checks a password and opens a session; AUTH_INVALID_CREDENTIALS (401) otherwise. */
  async login(username: string, password: string): Promise<{ token: string; user: User; expiresAt: string }> {
    const user = await this.store.users.findByUsername(username);
    // Spend the same time whether or not the user exists, so timing does not reveal usernames.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash(this.passwordCost)));
    if (!user || !user.passwordHash || !ok) {
      throw new AppError('AUTH_INVALID_CREDENTIALS', 401, 'The username or the password is wrong.', {
        hint: 'Check both and try again; after 10 failed attempts in a minute you must wait.',
      });
    }
    if (user.disabled) {
      throw new AppError('AUTH_USER_DISABLED', 403, `The account "${username}" is disabled.`, { hint: 'Ask an administrator to enable it.' });
    }
    const token = newSecret('scs_');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs).toISOString();
    await this.store.sessions.create({ token, userId: user.id, now: now.toISOString(), expiresAt });
    return { token, user, expiresAt };
  }

  /** Ends a session. */
  async logout(token: string): Promise<void> {
    this.cache.delete(`s:${token}`);
    await this.store.sessions.delete(token);
  }

  /**
   * The actor of a session cookie when the cache can answer without the database (resolved a
   * moment ago, not expired, no expiry to push forward); undefined otherwise: ask
   * `resolveSession`. The request path takes this synchronous answer for almost every request.
   */
  cachedSession(token: string): Actor | null | undefined {
    const hit = this.cache.get(`s:${token}`);
    if (!hit) return undefined;
    const nowMs = this.now().getTime();
    if (hit.until <= nowMs || (hit.actor && hit.extendAfter !== undefined && nowMs > hit.extendAfter)) return undefined;
    return hit.actor;
  }

  /** The actor of a session cookie, or null (unknown, expired, user disabled). */
  async resolveSession(token: string): Promise<Actor | null> {
    const key = `s:${token}`;
    const nowMs = this.now().getTime();
    const hit = this.cache.get(key);
    if (hit && hit.until > nowMs) {
      if (hit.actor && hit.extendAfter !== undefined && nowMs > hit.extendAfter) await this.extend(token, hit, nowMs);
      return hit.actor;
    }
    const found = await this.store.sessions.findValid(token, new Date(nowMs).toISOString());
    const actor = found ? actorOfUser(found.user, 'session', { sessionId: found.session.id }) : null;
    const entry: CachedActor = { actor, until: nowMs + this.cacheTtlMs };
    if (found) {
      const expires = new Date(found.session.expiresAt).getTime();
      entry.until = Math.min(entry.until, expires);
      // Slide the expiry once half the lifetime is used up: one write per half-lifetime, not per request.
      entry.extendAfter = expires - this.sessionTtlMs / 2;
      if (nowMs > entry.extendAfter) await this.extend(token, entry, nowMs);
    }
    this.remember(key, entry);
    return actor;
  }

  private async extend(token: string, entry: CachedActor, nowMs: number): Promise<void> {
    const expires = nowMs + this.sessionTtlMs;
    await this.store.sessions.extend(token, new Date(expires).toISOString());
    entry.extendAfter = expires - this.sessionTtlMs / 2;
  }

  /** The actor of an API token, or null (unknown, revoked, expired, its user disabled). */
  async resolveToken(secret: string): Promise<Actor | null> {
    const key = `t:${secret}`;
    const nowMs = this.now().getTime();
    const hit = this.cache.get(key);
    if (hit && hit.until > nowMs) return hit.actor;
    const now = new Date(nowMs).toISOString();
    const token = await this.store.tokens.findValid(secret, now);
    let actor: Actor | null = null;
    if (token) {
      actor = await this.tokenActor(token);
      if (actor) await this.store.tokens.touch(token.id, now);
    }
    let until = nowMs + this.cacheTtlMs;
    if (token?.expiresAt) until = Math.min(until, new Date(token.expiresAt).getTime());
    this.remember(key, { actor, until });
    return actor;
  }

  private async tokenActor(token: ApiToken): Promise<Actor | null> {
    if (token.userId !== null) {
      const user = await this.store.users.findById(token.userId);
      if (!user || user.disabled) return null;
      // A token of a user acts as that user, limited to the token's roles when it has any.
      return actorOfUser(user, 'token', { tokenId: token.id, roles: token.roles.length ? token.roles.filter((r) => user.roles.includes(r)) : user.roles });
    }
    return { id: `token:${token.name}`, userId: null, displayName: token.name, roles: token.roles, via: 'token', tokenId: token.id };
  }

  private remember(key: string, entry: CachedActor): void {
    if (this.cache.size >= MAX_CACHE) this.cache.clear();
    this.cache.set(key, entry);
  }

  /** Forgets cached actors (after a user's roles change, a disable, a revoke). */
  forgetAll(): void {
    this.cache.clear();
  }

  /** Creates a user; without a password one is generated and returned once. */
  async createUser(input: { username: string; displayName: string; roles: string[]; password?: string | undefined }): Promise<{ user: User; password: string; generated: boolean }> {
    const password = input.password ?? generatePassword();
    const user = await this.store.users.create({
      username: input.username,
      displayName: input.displayName,
      roles: input.roles,
      passwordHash: await this.hashPassword(password),
      now: this.now().toISOString(),
    });
    return { user, password, generated: input.password === undefined };
  }

  /** Changes roles, name, password or the disabled flag; a password change or disable ends the user's sessions. */
  async updateUser(id: number, patch: { displayName?: string; roles?: string[]; password?: string; disabled?: boolean }): Promise<User> {
    const now = this.now().toISOString();
    let user: User | null = null;
    if (patch.disabled === true) user = await this.store.users.disable(id, now);
    const set = {
      ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
      ...(patch.roles !== undefined ? { roles: patch.roles } : {}),
      ...(patch.password !== undefined ? { passwordHash: await this.hashPassword(patch.password) } : {}),
      ...(patch.disabled === false ? { disabled: false } : {}),
    };
    if (Object.keys(set).length > 0 || !user) user = await this.store.users.update(id, { ...set, now });
    if (patch.password !== undefined) await this.store.sessions.deleteForUser(id);
    this.forgetAll();
    return user;
  }

  /** Creates an API token; the secret is returned once and only its hash is kept. */
  async createToken(input: { name: string; roles: string[]; userId?: number | null; expiresAt?: string | null; createdBy: string }): Promise<{ token: ApiToken; secret: string }> {
    const secret = newSecret('sct_');
    const token = await this.store.tokens.create({
      name: input.name,
      token: secret,
      roles: input.roles,
      userId: input.userId ?? null,
      expiresAt: input.expiresAt ?? null,
      createdBy: input.createdBy,
      now: this.now().toISOString(),
    });
    return { token, secret };
  }

  async revokeToken(id: number): Promise<ApiToken> {
    const token = await this.store.tokens.revoke(id, this.now().toISOString());
    this.forgetAll();
    return token;
  }
}
