import { isUniqueViolation, type Db } from './db.ts';
import { decodeJson } from './json-column.ts';
import { StoreError } from './store-error.ts';
import { normaliseInstant } from './value-codec.ts';

/** A person (or system account) who signs in. */
export interface User {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  /** The scrypt string the server made; the store only keeps it. Null: cannot sign in with a password. */
  passwordHash: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  roles: string[];
  passwordHash?: string | null;
  disabled?: boolean;
  now: string;
}

export type UserPatch = Partial<Pick<User, 'displayName' | 'roles' | 'passwordHash' | 'disabled'>> & { now: string };

function toUser(row: Record<string, unknown>): User {
  return {
    id: Number(row.id),
    username: row.username as string,
    displayName: row.display_name as string,
    roles: decodeJson(row.roles) as string[],
    passwordHash: (row.password_hash as string | null) ?? null,
    disabled: Boolean(row.disabled),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

function checkRoles(roles: unknown): string[] {
  if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string' || r === '')) {
    throw new StoreError('STORE_INVALID_VALUE', 'roles must be an array of role ids, e.g. ["ops", "supervisor"].', { field: 'roles' });
  }
  return roles as string[];
}

/** Users (sc_user): usernames are unique; disabled users keep their history but cannot sign in. */
export class UserRepository {
  constructor(private readonly db: Db) {}

  /**
   * Creates a user; a taken username fails with STORE_DUPLICATE (409).
   *
   * @example await store.users.create({ username: 'wang.li', displayName: '王丽', roles: ['ops'], passwordHash, now })
   */
  async create(user: NewUser): Promise<User> {
    if (typeof user?.username !== 'string' || !/^\S{1,64}$/.test(user.username)) {
      throw new StoreError('STORE_INVALID_VALUE', 'username must be 1–64 characters without spaces.', { field: 'username' });
    }
    if (typeof user.displayName !== 'string' || user.displayName.trim() === '') {
      throw new StoreError('STORE_INVALID_VALUE', 'displayName must be a non-empty string (the name shown to colleagues).', { field: 'displayName' });
    }
    const now = normaliseInstant(user.now, 'now');
    try {
      const [row] = await this.db('sc_user')
        .insert({
          username: user.username,
          display_name: user.displayName,
          roles: JSON.stringify(checkRoles(user.roles)),
          password_hash: user.passwordHash ?? null,
          disabled: user.disabled ?? false,
          created_at: now,
          updated_at: now,
        })
        .returning('*');
      return toUser(row);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new StoreError('STORE_DUPLICATE', `The username "${user.username}" is taken: choose another one.`, { field: 'username' }, { cause: err });
      }
      throw err;
    }
  }

  async findById(id: number): Promise<User | null> {
    const row = await this.db('sc_user').where({ id }).first();
    return row ? toUser(row) : null;
  }

  async findByUsername(username: string): Promise<User | null> {
    const row = await this.db('sc_user').where({ username }).first();
    return row ? toUser(row) : null;
  }

  /** All users, by username. */
  async list(): Promise<User[]> {
    return (await this.db('sc_user').orderBy('username')).map(toUser);
  }

  /**
   * Changes a user's name, roles, password hash or disabled flag.
   *
   * @example await store.users.update(3, { roles: ['ops', 'supervisor'], now })
   */
  async update(id: number, patch: UserPatch): Promise<User> {
    const set: Record<string, unknown> = { updated_at: normaliseInstant(patch.now, 'now') };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.roles !== undefined) set.roles = JSON.stringify(checkRoles(patch.roles));
    if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
    if (patch.disabled !== undefined) set.disabled = Boolean(patch.disabled);
    const changed = await this.db('sc_user').where({ id }).update(set);
    if (changed === 0) throw new StoreError('STORE_NOT_FOUND', `There is no user ${id}.`, { id });
    return (await this.findById(id))!;
  }

  /** Disables a user and ends their sessions: a disabled user is signed out at once. */
  async disable(id: number, now: string): Promise<User> {
    const user = await this.update(id, { disabled: true, now });
    await this.db('sc_session').where({ user_id: id }).delete();
    return user;
  }
}
