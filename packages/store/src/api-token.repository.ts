import { isUniqueViolation, type Db } from './db.ts';
import { decodeJson } from './json-column.ts';
import { StoreError } from './store-error.ts';
import { hashToken } from './token-hash.ts';
import { normaliseInstant } from './value-codec.ts';

/** A token for machines (channel webhooks, BI tools), acting as a user or with its own roles. */
export interface ApiToken {
  id: number;
  name: string;
  userId: number | null;
  roles: string[];
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiToken {
  name: string;
  /** The secret the server generated and shows once; only its hash is stored. */
  token: string;
  userId?: number | null;
  roles: string[];
  now: string;
  createdBy?: string | null;
  expiresAt?: string | null;
}

function toToken(row: Record<string, unknown>): ApiToken {
  return {
    id: Number(row.id),
    name: row.name as string,
    userId: row.user_id === null || row.user_id === undefined ? null : Number(row.user_id),
    roles: decodeJson(row.roles) as string[],
    createdAt: String(row.created_at),
    createdBy: (row.created_by as string | null) ?? null,
    expiresAt: (row.expires_at as string | null) ?? null,
    lastUsedAt: (row.last_used_at as string | null) ?? null,
    revokedAt: (row.revoked_at as string | null) ?? null,
  };
}

/** API tokens (sc_api_token), looked up by the hash of the presented token. */
export class ApiTokenRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores a new token.
   *
   * @example await store.tokens.create({ name: 'FineReport', token: secret, roles: ['analyst'], now })
   */
  async create(input: NewApiToken): Promise<ApiToken> {
    if (typeof input?.name !== 'string' || input.name.trim() === '') throw new StoreError('STORE_INVALID_VALUE', 'An API token needs a name saying who uses it.', { field: 'name' });
    if (typeof input.token !== 'string' || input.token.length < 16) throw new StoreError('STORE_INVALID_VALUE', 'An API token must be a random string of at least 16 characters.', { field: 'token' });
    if (!Array.isArray(input.roles) || input.roles.some((r) => typeof r !== 'string')) throw new StoreError('STORE_INVALID_VALUE', 'roles must be an array of role ids.', { field: 'roles' });
    try {
      const [row] = await this.db('sc_api_token')
        .insert({
          name: input.name,
          token_hash: hashToken(input.token),
          user_id: input.userId ?? null,
          roles: JSON.stringify(input.roles),
          created_at: normaliseInstant(input.now, 'now'),
          created_by: input.createdBy ?? null,
          expires_at: input.expiresAt ? normaliseInstant(input.expiresAt, 'expiresAt') : null,
        })
        .returning('*');
      return toToken(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new StoreError('STORE_DUPLICATE', 'This token value is already in use: generate a new random token.', { field: 'token' }, { cause: err });
      throw err;
    }
  }

  /**
   * The token for a presented secret: null when unknown, revoked or expired.
   *
   * @example const apiToken = await store.tokens.findValid(bearer, now)
   */
  async findValid(token: string, now: string): Promise<ApiToken | null> {
    const at = normaliseInstant(now, 'now');
    const row = await this.db('sc_api_token')
      .where({ token_hash: hashToken(token) })
      .whereNull('revoked_at')
      .andWhere((w) => void w.whereNull('expires_at').orWhere('expires_at', '>', at))
      .first();
    return row ? toToken(row) : null;
  }

  /** Tokens, newest first, optionally of one user. */
  async list(options: { userId?: number } = {}): Promise<ApiToken[]> {
    const qb = this.db('sc_api_token').orderBy('id', 'desc');
    if (options.userId !== undefined) qb.where({ user_id: options.userId });
    return (await qb).map(toToken);
  }

  /** Revokes a token for good. */
  async revoke(id: number, now: string): Promise<ApiToken> {
    await this.db('sc_api_token').where({ id }).whereNull('revoked_at').update({ revoked_at: normaliseInstant(now, 'now') });
    const row = await this.db('sc_api_token').where({ id }).first();
    if (!row) throw new StoreError('STORE_NOT_FOUND', `There is no API token ${id}.`, { id });
    return toToken(row);
  }

  /** Records a use (for "last used" in the admin screen). */
  async touch(id: number, now: string): Promise<void> {
    await this.db('sc_api_token').where({ id }).update({ last_used_at: normaliseInstant(now, 'now') });
  }
}
