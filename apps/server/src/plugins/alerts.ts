import type { FastifyInstance } from 'fastify';
import { AppError } from '../app-error.ts';
import { appParam, errorResponses, ids, idParam, ref } from '../http/schemas.ts';
import { actorOf } from '../services/guards.ts';
import { mayAccess } from '../services/permissions.ts';

const alertSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    entity: { type: 'string' },
    recordId: { type: ['integer', 'null'] },
    ruleId: { type: ['string', 'null'] },
    code: { type: 'string', description: 'The alert code of the rule, or "notification" for inbox messages' },
    severity: { type: 'string', enum: ['info', 'warning', 'critical'] },
    message: ref(ids.i18n),
    status: { type: 'string', enum: ['open', 'acknowledged'] },
    createdAt: { type: 'string' },
    acknowledgedBy: { type: ['string', 'null'] },
    acknowledgedAt: { type: ['string', 'null'] },
  },
} as const;

/**
 * Alerts raised by rules and in-app notifications (the inbox), newest first; a user sees those of
 * the entities they may read, and acknowledges them.
 */
export async function alertsPlugin(app: FastifyInstance) {
  app.get<{ Params: { app: string }; Querystring: { status?: 'open' | 'acknowledged'; entity?: string; recordId?: number; before?: number; limit?: number } }>(
    '/api/apps/:app/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'List alerts and inbox notifications, newest first (before=<id> for the next page)',
        params: { type: 'object', required: ['app'], properties: { app: appParam } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['open', 'acknowledged'] },
            entity: { type: 'string' },
            recordId: { type: 'integer', minimum: 1 },
            before: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: alertSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const live = app.apps.get(request.params.app);
      const q = request.query;
      if (q.entity) app.apps.entity(live, q.entity);
      const readable = (entity: string) => {
        const e = live.entities.get(entity);
        return !!e && mayAccess(e, 'read', actor, live.superuserRoles);
      };
      if (q.entity && !readable(q.entity)) return { items: [] };
      const items = await app.store.alerts.list({
        ...(q.status ? { status: q.status } : {}),
        ...(q.entity ? { entity: q.entity } : {}),
        ...(q.recordId ? { recordId: q.recordId } : {}),
        ...(q.before ? { beforeId: q.before } : {}),
        limit: q.limit ?? 50,
      });
      return { items: items.filter((a) => readable(a.entity)) };
    },
  );

  app.post<{ Params: { app: string; id: number } }>(
    '/api/apps/:app/alerts/:id/acknowledge',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an alert',
        params: { type: 'object', required: ['app', 'id'], properties: { app: appParam, id: idParam } },
        response: { 200: alertSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const live = app.apps.get(request.params.app);
      const [alert] = await app.store.alerts.list({ beforeId: request.params.id + 1, limit: 1 });
      const entity = alert && alert.id === request.params.id ? live.entities.get(alert.entity) : undefined;
      if (!alert || alert.id !== request.params.id || !entity || !mayAccess(entity, 'read', actor, live.superuserRoles)) {
        throw new AppError('ALERT_NOT_FOUND', 404, `There is no alert ${request.params.id} you may see.`, { hint: 'List alerts with GET /api/apps/:app/alerts.' });
      }
      return app.store.alerts.acknowledge(alert.id, { by: actor.id, now: app.now().toISOString() });
    },
  );
}
