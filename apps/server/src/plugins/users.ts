import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses, idParam } from '../http/schemas.ts';
import { publicUser } from '../services/auth-service.ts';
import { actorOf, assertSuperuser } from '../services/guards.ts';

const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

const tokenSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    userId: { type: ['integer', 'null'] },
    roles: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
    createdBy: { type: ['string', 'null'] },
    expiresAt: { type: ['string', 'null'] },
    lastUsedAt: { type: ['string', 'null'] },
    revokedAt: { type: ['string', 'null'] },
  },
} as const;

const roleList = { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,47}$' }, maxItems: 32 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: idParam } } as const;

/**
 * User and API token administration, for superusers only: create users (a password is generated
 * and shown once when none is given), set roles, disable; create (shown once) and revoke tokens.
 */
export async function usersPlugin(app: FastifyInstance) {
  const admin = (request: FastifyRequest, what: string) => {
    const actor = actorOf(request);
    assertSuperuser(actor, app.apps.superuserRoles(), what);
    return actor;
  };

  app.get(
    '/api/users',
    { schema: { tags: ['auth'], summary: 'List users (administrators)', response: { 200: { type: 'object', properties: { items: { type: 'array', items: userSchema } } }, ...errorResponses } } },
    async (request) => {
      admin(request, 'list users');
      return { items: (await app.store.users.list()).map(publicUser) };
    },
  );

  app.post<{ Body: { username: string; displayName: string; roles: string[]; password?: string } }>(
    '/api/users',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create a user (administrators); without a password one is generated and returned once',
        body: {
          type: 'object',
          required: ['username', 'displayName', 'roles'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', pattern: '^\\S{1,64}$' },
            displayName: { type: 'string', minLength: 1, maxLength: 100 },
            roles: roleList,
            password: { type: 'string', minLength: 8, maxLength: 1024 },
          },
        },
        response: { 201: { type: 'object', properties: { user: userSchema, password: { type: 'string' } } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      admin(request, 'create users');
      const { user, password, generated } = await app.auth.createUser(request.body);
      return reply.code(201).send({ user: publicUser(user), ...(generated ? { password } : {}) });
    },
  );

  app.patch<{ Params: { id: number }; Body: { displayName?: string; roles?: string[]; password?: string; disabled?: boolean } }>(
    '/api/users/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change a user’s roles, name, password or disabled flag (administrators)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            displayName: { type: 'string', minLength: 1, maxLength: 100 },
            roles: roleList,
            password: { type: 'string', minLength: 8, maxLength: 1024 },
            disabled: { type: 'boolean' },
          },
        },
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) => {
      admin(request, 'change users');
      return publicUser(await app.auth.updateUser(request.params.id, request.body));
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/users/:id/disable',
    { schema: { tags: ['auth'], summary: 'Disable a user and end their sessions (administrators)', params: idParams, response: { 200: userSchema, ...errorResponses } } },
    async (request) => {
      admin(request, 'disable users');
      return publicUser(await app.auth.updateUser(request.params.id, { disabled: true }));
    },
  );

  app.get(
    '/api/tokens',
    { schema: { tags: ['auth'], summary: 'List API tokens (administrators)', response: { 200: { type: 'object', properties: { items: { type: 'array', items: tokenSchema } } }, ...errorResponses } } },
    async (request) => {
      admin(request, 'list API tokens');
      return { items: await app.store.tokens.list() };
    },
  );

  app.post<{ Body: { name: string; roles?: string[]; userId?: number; expiresAt?: string } }>(
    '/api/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for an integration (administrators); the secret is shown once',
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            roles: roleList,
            userId: { type: 'integer', minimum: 1 },
            expiresAt: { type: 'string', format: 'date-time' },
          },
        },
        response: { 201: { type: 'object', properties: { token: { type: 'string' }, apiToken: tokenSchema } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = admin(request, 'create API tokens');
      const { token, secret } = await app.auth.createToken({ ...request.body, roles: request.body.roles ?? [], createdBy: actor.id });
      return reply.code(201).send({ token: secret, apiToken: token });
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/tokens/:id',
    { schema: { tags: ['auth'], summary: 'Revoke an API token (administrators)', params: idParams, response: { 200: tokenSchema, ...errorResponses } } },
    async (request) => {
      admin(request, 'revoke API tokens');
      return app.auth.revokeToken(request.params.id);
    },
  );
}
