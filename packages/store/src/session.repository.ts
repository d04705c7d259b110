import type { Db } from './db.ts';
import { StoreError } from './store-error.ts';
import { hashToken } from './token-hash.ts';
import { normaliseInstant } from './value-codec.ts';
import type { User } from './user.repository.ts';
import { UserRepository } from './user.repository.ts';

/** A signed-in browser session. The token itself is never stored, only its hash. */
export interface Session {
  id: number;
  userId: number;
  createdAt: string;
  expiresAt: string;
}

function toSession(row: Record<string, unknown>): Session {
  return { id: Number(row.id), userId: Number(row.user_id), createdAt: String(row.created_at), expiresAt: String(row.expires_at) };
}

/** Sessions (sc_session), looked up by the hash of the cookie token. */
export class SessionRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores a session for a token the server generated (and sets as a cookie).
   *
   * @example await store.sessions.create({ token, userId: user.id, now, expiresAt })
   */
  async create(input: { token: string; userId: number; now: string; expiresAt: string }): Promise<Session> {
    if (typeof input?.token !== 'string' || input.token.length < 16) {
      throw new StoreError('STORE_INVALID_VALUE', 'A session token must be a random string of at least 16 characters.', { field: 'token' });
    }
    const [row] = await this.db('sc_session')
      .insert({
        token_hash: hashToken(input.token),
        user_id: input.userId,
        created_at: normaliseInstant(input.now, 'now'),
        expires_at: normaliseInstant(input.expiresAt, 'expiresAt'),
      })
      .returning('*');
    return toSession(row);
  }

  /**
   * The live session of a token and its user: null when unknown, expired, or the user is disabled.
   *
   * @example const found = await store.sessions.findValid(cookieToken, now); if (!found) reply.code(401)
   */
  async findValid(token: string, now: string): Promise<{ session: Session; user: User } | null> {
    const row = await this.db('sc_session').where({ token_hash: hashToken(token) }).andWhere('expires_at', '>', normaliseInstant(now, 'now')).first();
    if (!row) return null;
    const user = await new UserRepository(this.db).findById(Number(row.user_id));
    if (!user || user.disabled) return null;
    return { session: toSession(row), user };
  }

  /** Moves a session's expiry (sliding sessions). */
  async extend(token: string, expiresAt: string): Promise<boolean> {
    return (await this.db('sc_session').where({ token_hash: hashToken(token) }).update({ expires_at: normaliseInstant(expiresAt, 'expiresAt') })) === 1;
  }

  /** Ends one session (sign out). */
  async delete(token: string): Promise<boolean> {
    return (await this.db('sc_session').where({ token_hash: hashToken(token) }).delete()) === 1;
  }

  /** Ends every session of a user (password change, disable). */
  async deleteForUser(userId: number): Promise<number> {
    return this.db('sc_session').where({ user_id: userId }).delete();
  }

  /** Removes sessions that expired at or before `now`; returns how many. */
  async deleteExpired(now: string): Promise<number> {
    return this.db('sc_session').where('expires_at', '<=', normaliseInstant(now, 'now')).delete();
  }
}
