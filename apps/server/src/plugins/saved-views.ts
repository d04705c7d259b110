import type { FastifyInstance } from 'fastify';
import { AppError } from '../app-error.ts';
import { appParam, entityParam, errorResponses, idParam } from '../http/schemas.ts';
import { actorOf } from '../services/guards.ts';
import { assertMayAccess } from '../services/permissions.ts';
import { SavedViewRepository } from '../services/saved-view.repository.ts';
import { fromStoreError } from '../services/store-errors.ts';

const conditionSchema = {
  type: 'object',
  required: ['field', 'op'],
  additionalProperties: false,
  properties: {
    field: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.]{0,95}$' },
    op: { type: 'string', enum: ['eq', 'ne', 'in', 'prefix', 'contains', 'gt', 'gte', 'lt', 'lte', 'isNull'] },
    value: {},
  },
} as const;
const sortSchema = { type: ['object', 'null'], required: ['field'], additionalProperties: false, properties: { field: { type: 'string' }, direction: { type: 'string', enum: ['asc', 'desc'] } } } as const;
const viewSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, entity: { type: 'string' }, name: { type: 'string' }, filters: { type: 'array', items: { type: 'object', additionalProperties: true } }, sort: { type: ['object', 'null'], additionalProperties: true }, createdAt: { type: 'string' } },
} as const;

type Body = { entity: string; name: string; filters: { field: string; op: string; value?: unknown }[]; sort?: { field: string; direction?: 'asc' | 'desc' } | null };

/**
 * Saved views: each user keeps named filter sets (and a sort) per entity list. A view is checked
 * by running its filters once through the store, so a saved view always opens.
 */
export async function savedViewsPlugin(app: FastifyInstance) {
  const views = new SavedViewRepository(app.store.knex);
  await views.ensureTable();

  app.get<{ Params: { app: string }; Querystring: { entity?: string } }>(
    '/api/apps/:app/views',
    {
      schema: {
        tags: ['views'],
        summary: 'Your saved views (of one entity with ?entity=)',
        params: { type: 'object', required: ['app'], properties: { app: appParam } },
        querystring: { type: 'object', additionalProperties: false, properties: { entity: entityParam } },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: viewSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      app.apps.get(request.params.app);
      return { items: await views.list(request.params.app, actor.id, request.query.entity) };
    },
  );

  app.post<{ Params: { app: string }; Body: Body }>(
    '/api/apps/:app/views',
    {
      schema: {
        tags: ['views'],
        summary: 'Save a view: a name, list filters and a sort',
        params: { type: 'object', required: ['app'], properties: { app: appParam } },
        body: {
          type: 'object',
          required: ['entity', 'name', 'filters'],
          additionalProperties: false,
          properties: { entity: entityParam, name: { type: 'string', minLength: 1, maxLength: 64 }, filters: { type: 'array', maxItems: 50, items: conditionSchema }, sort: sortSchema },
        },
        response: { 201: viewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const live = app.apps.get(request.params.app);
      const entity = app.apps.entity(live, request.body.entity);
      assertMayAccess(entity, 'read', actor, live.superuserRoles);
      const { filters, name } = request.body;
      const sort = request.body.sort ? { field: request.body.sort.field, direction: request.body.sort.direction ?? 'asc' } : null;
      try {
        await app.store.records.list(entity.id, { filters: filters as never, ...(sort ? { sort } : {}), limit: 1 });
      } catch (e) {
        const err = fromStoreError(e);
        if (!err || err.statusCode >= 500) throw e;
        throw new AppError('VIEW_INVALID', 400, `The view "${name}" cannot be saved: ${err.message}`, { hint: 'Save only filters and a sort the list accepts (see GET /api/apps/:app/records/:entity).' });
      }
      const view = await views.create({ appId: live.id, entity: entity.id, owner: actor.id, name, filters, sort, createdAt: app.now().toISOString() });
      return reply.code(201).send(view);
    },
  );

  app.delete<{ Params: { app: string; id: number } }>(
    '/api/apps/:app/views/:id',
    {
      schema: { tags: ['views'], summary: 'Delete one of your saved views', params: { type: 'object', required: ['app', 'id'], properties: { app: appParam, id: idParam } }, response: { 204: { type: 'null' }, ...errorResponses } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      app.apps.get(request.params.app);
      if (!(await views.delete(request.params.app, actor.id, request.params.id))) {
        throw new AppError('VIEW_NOT_FOUND', 404, `You have no saved view ${request.params.id}.`, { hint: 'List yours with GET /api/apps/:app/views.' });
      }
      return reply.code(204).send();
    },
  );
}
