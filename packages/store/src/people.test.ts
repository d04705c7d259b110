import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from './store-error.ts';
import { openTestStore, testStores, type TestStore } from './testing.ts';
import { hashToken } from './token-hash.ts';

const now = '2024-11-11T00:00:00.000Z';
const hour = (h: number) => new Date(Date.parse(now) + h * 3_600_000).toISOString();
const token = (n: number) => `tok_${String(n).padStart(2, '0')}_abcdefghijklmnop`;

describe('hashToken', () => {
  it('is the hex SHA-256 of the token', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe.each(await testStores())('users, sessions and API tokens on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => (t = await openTestStore(dialect, { memory: true })));
  afterAll(() => t.dispose());

  describe('UserRepository', () => {
    it('creates, finds, lists and updates users', async () => {
      const created = await t.store.users.create({ username: 'wang.li', displayName: '王丽', roles: ['ops'], passwordHash: 'scrypt$abc', now });
      expect(created).toMatchObject({ username: 'wang.li', displayName: '王丽', roles: ['ops'], passwordHash: 'scrypt$abc', disabled: false, createdAt: now, updatedAt: now });
      expect(await t.store.users.findByUsername('wang.li')).toEqual(created);
      expect(await t.store.users.findById(created.id)).toEqual(created);
      expect(await t.store.users.findByUsername('nobody')).toBeNull();
      await t.store.users.create({ username: 'admin', displayName: '管理员', roles: ['admin'], now });
      expect((await t.store.users.list()).map((u) => u.username)).toEqual(['admin', 'wang.li']);
      const updated = await t.store.users.update(created.id, { roles: ['ops', 'supervisor'], displayName: '王丽丽', now: hour(1) });
      expect(updated).toMatchObject({ roles: ['ops', 'supervisor'], displayName: '王丽丽', passwordHash: 'scrypt$abc', updatedAt: hour(1) });
    });

    it('refuses a taken username with STORE_DUPLICATE', async () => {
      await t.store.users.create({ username: 'dup', displayName: 'D', roles: [], now });
      const err = await t.store.users.create({ username: 'dup', displayName: 'D2', roles: [], now }).catch((e: StoreError) => e);
      expect(err).toMatchObject({ code: 'STORE_DUPLICATE', status: 409 });
      expect((err as StoreError).message).toContain('dup');
    });

    it('validates input, naming the field', async () => {
      await expect(t.store.users.create({ username: 'has space', displayName: 'x', roles: [], now })).rejects.toMatchObject({ code: 'STORE_INVALID_VALUE', details: { field: 'username' } });
      await expect(t.store.users.create({ username: 'r', displayName: 'x', roles: 'ops' as never, now })).rejects.toMatchObject({ details: { field: 'roles' } });
      await expect(t.store.users.update(99_999, { disabled: true, now })).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    });
  });

  describe('SessionRepository', () => {
    it('stores only the token hash and finds live sessions with their user', async () => {
      const user = await t.store.users.create({ username: 's1', displayName: 'S1', roles: ['ops'], now });
      const session = await t.store.sessions.create({ token: token(1), userId: user.id, now, expiresAt: hour(8) });
      expect(session).toMatchObject({ userId: user.id, createdAt: now, expiresAt: hour(8) });
      const raw = await t.store.knex('sc_session').where({ id: session.id }).first();
      expect(raw.token_hash).toBe(hashToken(token(1)));
      expect(JSON.stringify(raw)).not.toContain(token(1));
      expect(await t.store.sessions.findValid(token(1), hour(1))).toEqual({ session, user });
      expect(await t.store.sessions.findValid(token(1), hour(8))).toBeNull();
      expect(await t.store.sessions.findValid('unknown-token-xxxxxxxx', hour(1))).toBeNull();
    });

    it('extends, deletes and expires sessions', async () => {
      const user = await t.store.users.create({ username: 's2', displayName: 'S2', roles: [], now });
      await t.store.sessions.create({ token: token(2), userId: user.id, now, expiresAt: hour(1) });
      await t.store.sessions.create({ token: token(3), userId: user.id, now, expiresAt: hour(2) });
      await t.store.sessions.create({ token: token(4), userId: user.id, now, expiresAt: hour(3) });
      expect(await t.store.sessions.extend(token(2), hour(5))).toBe(true);
      expect(await t.store.sessions.findValid(token(2), hour(4))).not.toBeNull();
      expect(await t.store.sessions.delete(token(2))).toBe(true);
      expect(await t.store.sessions.findValid(token(2), hour(0))).toBeNull();
      expect(await t.store.sessions.deleteExpired(hour(2))).toBeGreaterThanOrEqual(1);
      expect(await t.store.sessions.findValid(token(3), hour(1))).toBeNull();
      expect(await t.store.sessions.findValid(token(4), hour(1))).not.toBeNull();
      expect(await t.store.sessions.deleteForUser(user.id)).toBe(1);
    });

    it('signs a disabled user out at once', async () => {
      const user = await t.store.users.create({ username: 's3', displayName: 'S3', roles: [], now });
      await t.store.sessions.create({ token: token(5), userId: user.id, now, expiresAt: hour(8) });
      await t.store.sessions.create({ token: token(6), userId: user.id, now, expiresAt: hour(8) });
      await t.store.users.update(user.id, { disabled: true, now });
      expect(await t.store.sessions.findValid(token(5), hour(1))).toBeNull();
      const disabled = await t.store.users.disable(user.id, hour(1));
      expect(disabled.disabled).toBe(true);
      expect(await t.store.knex('sc_session').where({ user_id: user.id })).toEqual([]);
    });

    it('rejects short tokens', async () => {
      await expect(t.store.sessions.create({ token: 'short', userId: 1, now, expiresAt: hour(1) })).rejects.toMatchObject({ details: { field: 'token' } });
    });
  });

  describe('ApiTokenRepository', () => {
    it('creates, finds, touches, lists and revokes tokens', async () => {
      const user = await t.store.users.create({ username: 'bi', displayName: 'BI', roles: ['analyst'], now });
      const created = await t.store.tokens.create({ name: 'FineReport', token: token(10), userId: user.id, roles: ['analyst'], now, createdBy: 'admin' });
      expect(created).toMatchObject({ name: 'FineReport', userId: user.id, roles: ['analyst'], createdBy: 'admin', lastUsedAt: null, revokedAt: null, expiresAt: null });
      expect(await t.store.tokens.findValid(token(10), hour(1))).toEqual(created);
      await t.store.tokens.touch(created.id, hour(2));
      expect((await t.store.tokens.findValid(token(10), hour(3)))?.lastUsedAt).toBe(hour(2));
      const machine = await t.store.tokens.create({ name: 'taobao webhook', token: token(11), roles: ['intake'], now, expiresAt: hour(24) });
      expect(machine.userId).toBeNull();
      expect(await t.store.tokens.findValid(token(11), hour(24))).toBeNull();
      expect((await t.store.tokens.list()).map((x) => x.name)).toEqual(['taobao webhook', 'FineReport']);
      expect((await t.store.tokens.list({ userId: user.id })).map((x) => x.id)).toEqual([created.id]);
      const revoked = await t.store.tokens.revoke(created.id, hour(4));
      expect(revoked.revokedAt).toBe(hour(4));
      expect(await t.store.tokens.findValid(token(10), hour(5))).toBeNull();
      await expect(t.store.tokens.revoke(99_999, hour(4))).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    });

    it('refuses a reused token value', async () => {
      await t.store.tokens.create({ name: 'a', token: token(20), roles: [], now });
      await expect(t.store.tokens.create({ name: 'b', token: token(20), roles: [], now })).rejects.toMatchObject({ code: 'STORE_DUPLICATE' });
    });
  });
});
