import type { FastifyInstance } from 'fastify';
import { AppError } from '../app-error.ts';
import { errorResponses, idParam } from '../http/schemas.ts';
import { actorOf, assertSuperuser } from '../services/guards.ts';

const messageSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    kind: { type: 'string', description: 'http_request, notify (inbox) or notify:<messenger connector>' },
    payload: { additionalProperties: true },
    idempotencyKey: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'in_flight', 'done', 'dead'] },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: 'string' },
    claimedAt: { type: ['string', 'null'] },
    lastError: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    deliveredAt: { type: ['string', 'null'] },
  },
} as const;

/** The outbox for administrators: what is waiting, delivered or dead, and retrying dead messages. */
export async function outboxPlugin(app: FastifyInstance) {
  app.get<{ Querystring: { status?: 'pending' | 'in_flight' | 'done' | 'dead'; kind?: string; before?: number; limit?: number } }>(
    '/api/outbox',
    {
      schema: {
        tags: ['outbox'],
        summary: 'List outbox messages by status, newest first (administrators)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['pending', 'in_flight', 'done', 'dead'] },
            kind: { type: 'string' },
            before: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: messageSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      assertSuperuser(actorOf(request), app.apps.superuserRoles(), 'see the outbox');
      const q = request.query;
      const items = await app.store.outbox.list({
        ...(q.status ? { status: q.status } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.before ? { beforeId: q.before } : {}),
        limit: q.limit ?? 50,
      });
      return { items };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/outbox/:id/retry',
    {
      schema: {
        tags: ['outbox'],
        summary: 'Send a dead message round again (administrators)',
        params: { type: 'object', required: ['id'], properties: { id: idParam } },
        response: { 200: messageSchema, ...errorResponses },
      },
    },
    async (request) => {
      assertSuperuser(actorOf(request), app.apps.superuserRoles(), 'retry outbox messages');
      const message = await app.store.outbox.get(request.params.id);
      if (!message) throw new AppError('OUTBOX_NOT_FOUND', 404, `There is no outbox message ${request.params.id}.`, { hint: 'List them with GET /api/outbox.' });
      if (message.status !== 'dead') {
        throw new AppError('OUTBOX_NOT_DEAD', 409, `Outbox message ${message.id} is ${message.status}, not dead: only dead messages are retried by hand.`, {
          hint: 'Pending messages are retried automatically with backoff; wait for them.',
        });
      }
      return app.store.outbox.retry(message.id, { now: app.now().toISOString() });
    },
  );
}
