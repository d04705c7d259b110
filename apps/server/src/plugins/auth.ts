import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../app-error.ts';
import { errorResponses } from '../http/schemas.ts';
import { actorOf, isSuperuser } from '../services/guards.ts';

export const SESSION_COOKIE = 'sc_session';

export interface AuthPluginOptions {
  /** Secure cookies: true, false, or 'auto' (when the request came over https; default). */
  cookieSecure?: boolean | 'auto';
  /** Login attempts allowed per IP and username per window (default 10 per minute). */
  loginRateLimit?: { max: number; timeWindowMs: number };
}

const userSchema = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    via: { type: 'string', enum: ['session', 'token', 'system'] },
    superuser: { type: 'boolean' },
  },
} as const;

/**
 * Who is calling: a session cookie (browser) or `Authorization: Bearer <token>` (integrations),
 * resolved once per request into `request.actor`. Routes: login (rate-limited), logout, me.
 */
export const authPlugin = fp<AuthPluginOptions>(
  async function auth(app: FastifyInstance, options) {
    await app.register(cookie);
    const limit = options.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 };
    await app.register(rateLimit, {
      global: false,
      // Counted after the body is parsed, so the key can include the username.
      hook: 'preHandler',
      errorResponseBuilder: (_request, context) =>
        new AppError('AUTH_RATE_LIMITED', 429, `Too many sign-in attempts: at most ${context.max} per ${Math.round(limit.timeWindowMs / 1000)} s for one username from one address.`, {
          hint: `Wait ${Math.ceil(context.ttl / 1000)} s before trying again, or ask an administrator to reset your password.`,
        }),
    });

    app.decorateRequest('actor', null);
    const fromToken = async (request: FastifyRequest, header: string) => {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const actor = m ? await app.auth.resolveToken(m[1]!) : null;
      if (!actor) {
        throw new AppError('AUTH_TOKEN_INVALID', 401, 'The API token is unknown, revoked or expired.', {
          hint: 'Send "Authorization: Bearer <token>" with a token an administrator created (POST /api/tokens).',
        });
      }
      request.actor = actor;
    };
    // A callback hook with a synchronous path: a session the cache knows (almost every request)
    // costs no promise. Logout, disable and role changes clear the cache (see AuthService).
    app.addHook('onRequest', (request, _reply, done) => {
      const header = request.headers.authorization;
      if (header) return void fromToken(request, header).then(() => done(), done);
      const token = request.cookies[SESSION_COOKIE];
      if (!token) return done();
      const cached = app.auth.cachedSession(token);
      if (cached !== undefined) {
        request.actor = cached;
        return done();
      }
      app.auth.resolveSession(token).then((actor) => {
        request.actor = actor;
        done();
      }, done);
    });

    const secure = (request: FastifyRequest) => (options.cookieSecure === undefined || options.cookieSecure === 'auto' ? request.protocol === 'https' : options.cookieSecure);
    const clearCookie = (request: FastifyRequest, reply: FastifyReply) =>
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(request) });

    const me = (request: FastifyRequest) => {
      const actor = actorOf(request);
      return {
        username: actor.id,
        displayName: actor.displayName,
        roles: actor.roles,
        via: actor.via,
        superuser: isSuperuser(actor, app.apps.superuserRoles()),
      };
    };

    app.post<{ Body: { username: string; password: string } }>(
      '/api/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in: sets the httpOnly session cookie',
          security: [],
          body: {
            type: 'object',
            required: ['username', 'password'],
            additionalProperties: false,
            properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
          },
          response: { 200: { type: 'object', properties: { user: userSchema, expiresAt: { type: 'string' } } }, ...errorResponses },
        },
        config: {
          rateLimit: {
            max: limit.max,
            timeWindow: limit.timeWindowMs,
            keyGenerator: (request: FastifyRequest) => `${request.ip}|${String((request.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
          },
        },
      },
      async (request, reply) => {
        const { token, user, expiresAt } = await app.auth.login(request.body.username, request.body.password);
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: secure(request),
          expires: new Date(expiresAt),
        });
        request.actor = { id: user.username, userId: user.id, displayName: user.displayName, roles: user.roles, via: 'session' };
        return { user: me(request), expiresAt };
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['auth'], summary: 'Sign out: ends the session', response: { 204: { type: 'null' }, ...errorResponses } } },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) await app.auth.logout(token);
        clearCookie(request, reply);
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/auth/me',
      { schema: { tags: ['auth'], summary: 'Who am I', response: { 200: userSchema, ...errorResponses } } },
      async (request) => me(request),
    );

  },
  { name: 'statecraft-auth', dependencies: ['statecraft-errors'] },
);
