import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, openHarness, type Harness } from '../testing/harness.ts';

describe.each(await testStores())('auth on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(dialect, { build: { trustProxy: true, auth: { loginRateLimit: { max: 3, timeWindowMs: 60_000 } } } });
  });
  afterAll(() => h.dispose());

  it('sets an httpOnly, SameSite=Lax session cookie and stores only its hash', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ops1', password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ username: 'ops1', roles: ['ops'], superuser: false });
    const cookie = res.cookies.find((c) => c.name === 'sc_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeUndefined();
    const stored = await h.test.store.knex('sc_session').select('token_hash');
    expect(stored.map((r) => r.token_hash)).not.toContain(cookie.value);
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username: 'cs1', password: DEMO_PASSWORD },
    });
    expect(res.cookies.find((c) => c.name === 'sc_session')!.secure).toBe(true);
  });

  it('answers /me for the session and refuses it after logout', async () => {
    const cookie = await h.login('supervisor1');
    const me = await h.as(cookie, { method: 'GET', url: '/api/auth/me' });
    expect(me.json()).toMatchObject({ username: 'supervisor1', roles: ['ops_supervisor'], via: 'session' });
    const out = await h.as(cookie, { method: 'POST', url: '/api/auth/logout' });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'sc_session')!.value).toBe('');
    const after = await h.as(cookie, { method: 'GET', url: '/api/auth/me' });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('expires sessions with the clock', async () => {
    const cookie = await h.login('warehouse1');
    h.clock.advance(13 * 3600_000);
    const res = await h.as(cookie, { method: 'GET', url: '/api/auth/me' });
    expect(res.statusCode).toBe(401);
  });

  it('refuses wrong passwords and unknown users alike', async () => {
    const wrong = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'analyst1', password: 'nope-nope' } });
    const unknown = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'nope-nope' } });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
      expect(res.json().error.hint).toBeTruthy();
    }
  });

  it('rate-limits sign-in per address and username with 429 AUTH_RATE_LIMITED', async () => {
    const attempt = (username: string, ip = '10.0.0.7') =>
      h.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username, password: 'wrong-password' } });
    for (let i = 0; i < 3; i++) expect((await attempt('buyer1')).statusCode).toBe(401);
    const limited = await attempt('buyer1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('AUTH_RATE_LIMITED');
    expect(limited.json().error.hint).toMatch(/Wait \d+ s/);
    // The right password is refused too while limited: the limit is on attempts, not failures.
    const right = await h.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.0.0.7', payload: { username: 'buyer1', password: DEMO_PASSWORD } });
    expect(right.statusCode).toBe(429);
    // Another username, or the same from another address, is not limited.
    expect((await attempt('analyst1')).statusCode).toBe(401);
    expect((await attempt('buyer1', '10.0.0.8')).statusCode).toBe(401);
  });

  it('sends security headers', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    // Errors too (the error handler and the not-found handler answer through the reply).
    const missing = await h.app.inject({ method: 'GET', url: '/api/nope' });
    const refused = await h.app.inject({ method: 'POST', url: '/api/apps/ecommerce_oms/records/order/1/transitions/approve', payload: { version: 1 } });
    expect([missing.statusCode, refused.statusCode]).toEqual([404, 401]);
    for (const error of [missing, refused]) {
      expect(error.headers['x-content-type-options']).toBe('nosniff');
      expect(error.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('authenticates integrations with API tokens shown once, and refuses bad or revoked ones', async () => {
    const admin = await h.login('admin');
    const created = await h.as(admin, { method: 'POST', url: '/api/tokens', payload: { name: 'tmall-webhook', roles: ['ops'] } });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json();
    expect(token).toMatch(/^sct_/);
    const listed = await h.as(admin, { method: 'GET', url: '/api/tokens' });
    expect(listed.body).not.toContain(token);
    expect(listed.json().items.map((t: { name: string }) => t.name)).toContain('tmall-webhook');

    const me = await h.as(token, { method: 'GET', url: '/api/auth/me' });
    expect(me.json()).toMatchObject({ username: 'token:tmall-webhook', roles: ['ops'], via: 'token' });
    const list = await h.as(token, { method: 'GET', url: '/api/apps/ecommerce_oms/records/order' });
    expect(list.statusCode).toBe(200);
    // A token of the ops role is not an administrator.
    expect((await h.as(token, { method: 'POST', url: '/api/tokens', payload: { name: 'x' } })).statusCode).toBe(403);

    const bad = await h.as('sct_not-a-real-token-at-all-000000000', { method: 'GET', url: '/api/auth/me' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('AUTH_TOKEN_INVALID');

    expect((await h.as(admin, { method: 'DELETE', url: `/api/tokens/${apiToken.id}` })).json().revokedAt).toBeTruthy();
    const revoked = await h.as(token, { method: 'GET', url: '/api/auth/me' });
    expect(revoked.statusCode).toBe(401);
  });

  it('lets administrators create users (password shown once), change roles and disable them', async () => {
    const admin = await h.login('admin');
    const created = await h.as(admin, { method: 'POST', url: '/api/users', payload: { username: 'temp1', displayName: '临时工', roles: ['warehouse'] } });
    expect(created.statusCode).toBe(201);
    const { user, password } = created.json();
    expect(password).toMatch(/^[a-zA-Z2-9]{16}$/);
    expect(created.body).not.toContain('scrypt$');
    const session = await h.login('temp1', password);

    const promoted = await h.as(admin, { method: 'PATCH', url: `/api/users/${user.id}`, payload: { roles: ['ops'] } });
    expect(promoted.json().roles).toEqual(['ops']);
    expect((await h.as(session, { method: 'GET', url: '/api/auth/me' })).json().roles).toEqual(['ops']);

    const disabled = await h.as(admin, { method: 'POST', url: `/api/users/${user.id}/disable` });
    expect(disabled.json().disabled).toBe(true);
    expect((await h.as(session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'temp1', password } });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('AUTH_USER_DISABLED');

    const duplicate = await h.as(admin, { method: 'POST', url: '/api/users', payload: { username: 'temp1', displayName: 'x', roles: [] } });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('STORE_DUPLICATE');
    const missing = await h.as(admin, { method: 'PATCH', url: '/api/users/99999', payload: { roles: [] } });
    expect(missing.statusCode).toBe(404);
  });

  it('answers from the session cache, yet refuses a session at once after logout or disable', async () => {
    const admin = await h.login('admin');
    const { user, password } = (await h.as(admin, { method: 'POST', url: '/api/users', payload: { username: 'temp2', displayName: '临时主管', roles: ['ops_supervisor'] } })).json();
    const orders = { method: 'GET', url: '/api/apps/ecommerce_oms/records/order?limit=1' } as const;
    const first = await h.login('temp2', password);
    const second = await h.login('temp2', password);
    expect((await h.as(first, orders)).statusCode).toBe(200);
    expect((await h.as(second, orders)).statusCode).toBe(200);
    const lookups = vi.spyOn(h.test.store.sessions, 'findValid');
    try {
      expect((await h.as(first, orders)).statusCode).toBe(200);
      expect(lookups).not.toHaveBeenCalled();

      expect((await h.as(first, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
      const loggedOut = await h.as(first, orders);
      expect(loggedOut.statusCode).toBe(401);
      expect(loggedOut.json().error.code).toBe('AUTH_REQUIRED');
      expect((await h.as(second, orders)).statusCode).toBe(200);

      expect((await h.as(admin, { method: 'POST', url: `/api/users/${user.id}/disable` })).statusCode).toBe(200);
      expect((await h.as(second, orders)).statusCode).toBe(401);
    } finally {
      lookups.mockRestore();
    }
  });

  it('keeps user administration for administrators', async () => {
    const ops = await h.login('ops1');
    for (const [method, url, payload] of [
      ['GET', '/api/users', undefined],
      ['POST', '/api/users', { username: 'x1', displayName: 'x', roles: ['admin'] }],
      ['PATCH', '/api/users/1', { roles: ['admin'] }],
      ['GET', '/api/tokens', undefined],
    ] as const) {
      const res = await h.as(ops, { method, url, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('AUTH_FORBIDDEN');
    }
    expect((await h.app.inject({ method: 'GET', url: '/api/users' })).statusCode).toBe(401);
  });
});
