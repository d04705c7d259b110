import type { FastifyInstance, FastifyRequest } from 'fastify';
import { commandResultSchema, entityParams, filterProperties, recordParams } from '../http/record-schemas.ts';
import { errorResponses, ids, ref } from '../http/schemas.ts';
import type { Actor } from '../services/actor.ts';
import type { LoadedApp } from '../services/app-registry.ts';
import { actorOf } from '../services/guards.ts';
import { MAX_LIMIT, parseFilters, parseSort } from '../services/list-query.ts';
import { assertMayAccess, type EntityOperation } from '../services/permissions.ts';

type EntityParams = { app: string; entity: string };
type RecordParams = EntityParams & { id: number };
type ListQuery = Record<string, unknown> & { sort?: string; after?: string; limit?: number };

/** The most records one batch create takes. */
export const MAX_BATCH = 1000;

/**
 * Resolves the app, the entity and the actor of a record route, and checks the entity
 * permission for `op` (create and update are checked by the engine, with the transition roles).
 */
export function recordContext(app: FastifyInstance, request: FastifyRequest, params: EntityParams, op?: EntityOperation): { live: LoadedApp; actor: Actor } {
  const actor = actorOf(request);
  const live = app.apps.get(params.app);
  const entity = app.apps.entity(live, params.entity);
  if (op) assertMayAccess(entity, op, actor, live.superuserRoles);
  return { live, actor };
}

/**
 * Records of an entity: list (filters, sort, keyset pages), count, create (one, or a batch all or
 * nothing), read, update with optimistic concurrency, delete. Creates and updates run through the engine (`decide`) and are
 * written with their audit row and effects in one transaction.
 */
export async function recordsPlugin(app: FastifyInstance) {
  const listQuery = {
    type: 'object',
    additionalProperties: false,
    properties: {
      sort: { type: 'string', description: 'Comma-separated fields, "-" for descending: sort=-paid_amount,order_no. id breaks ties.' },
      after: { type: 'string', description: 'The "next" cursor of the previous page.' },
      limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 50 },
    },
    ...filterProperties,
  } as const;

  app.get<{ Params: EntityParams; Querystring: ListQuery }>(
    '/api/apps/:app/records/:entity',
    {
      schema: {
        tags: ['records'],
        summary: 'List records: filter[field][op]=value, sort, keyset pages (after, limit ≤ 200)',
        params: entityParams,
        querystring: listQuery,
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: ref(ids.record) }, next: { type: ['string', 'null'] } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { live } = recordContext(app, request, request.params, 'read');
      const entity = live.entities.get(request.params.entity)!;
      const filters = parseFilters(request.query, entity, live.stateFields.get(entity.id));
      const sort = parseSort(request.query.sort);
      return app.store.records.list(entity.id, {
        filters,
        ...(sort ? { sort } : {}),
        ...(request.query.after ? { after: request.query.after } : {}),
        limit: request.query.limit ?? 50,
      });
    },
  );

  app.get<{ Params: EntityParams; Querystring: Record<string, unknown> }>(
    '/api/apps/:app/records/:entity/count',
    {
      schema: {
        tags: ['records'],
        summary: 'Count records matching the filters',
        params: entityParams,
        querystring: { type: 'object', additionalProperties: false, ...filterProperties },
        response: { 200: { type: 'object', properties: { count: { type: 'integer' } } }, ...errorResponses },
      },
    },
    async (request) => {
      const { live } = recordContext(app, request, request.params, 'read');
      const entity = live.entities.get(request.params.entity)!;
      return { count: await app.store.records.count(entity.id, parseFilters(request.query, entity, live.stateFields.get(entity.id))) };
    },
  );

  app.post<{ Params: EntityParams; Body: { data: Record<string, unknown> } }>(
    '/api/apps/:app/records/:entity',
    {
      schema: {
        tags: ['records'],
        summary: 'Create a record (defaults, initial state, checks, automatic transitions, rules)',
        params: entityParams,
        body: {
          type: 'object',
          required: ['data'],
          additionalProperties: false,
          properties: { data: { type: 'object', additionalProperties: true, description: 'Field id → value (money in fen; lines as an array of line data).' } },
        },
        response: { 201: commandResultSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { live, actor } = recordContext(app, request, request.params);
      const result = await app.commands.create(live, actor, request.params.entity, request.body.data);
      return reply.code(201).send(result);
    },
  );

  app.post<{ Params: EntityParams; Body: { rows: Record<string, unknown>[] } }>(
    '/api/apps/:app/records/:entity/batch',
    {
      // A full batch of orders with lines is well over Fastify's default 1 MiB.
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['records'],
        summary: `Create up to ${MAX_BATCH} records at once, all or nothing (each decided as a single create; 422 RECORD_BATCH_INVALID lists the refused rows)`,
        params: entityParams,
        body: {
          type: 'object',
          required: ['rows'],
          additionalProperties: false,
          properties: {
            rows: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_BATCH,
              items: { type: 'object', additionalProperties: true },
              description: 'One data object per record, as `data` of a single create.',
            },
          },
        },
        response: {
          201: { type: 'object', required: ['ids'], properties: { ids: { type: 'array', items: { type: 'integer' }, description: 'The new records\' ids, in the order of rows.' } } },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { live, actor } = recordContext(app, request, request.params);
      const ids = await app.commands.createMany(live, actor, request.params.entity, request.body.rows);
      return reply.code(201).send({ ids });
    },
  );

  app.get<{ Params: RecordParams }>(
    '/api/apps/:app/records/:entity/:id',
    {
      schema: { tags: ['records'], summary: 'Read a record', params: recordParams, response: { 200: ref(ids.record), ...errorResponses } },
    },
    async (request) => {
      recordContext(app, request, request.params, 'read');
      return app.store.records.get(request.params.entity, request.params.id);
    },
  );

  app.patch<{ Params: RecordParams; Body: { version: number; data: Record<string, unknown> } }>(
    '/api/apps/:app/records/:entity/:id',
    {
      schema: {
        tags: ['records'],
        summary: 'Update fields of a record at the version you read (409 RECORD_VERSION_CONFLICT when stale)',
        params: recordParams,
        body: {
          type: 'object',
          required: ['version', 'data'],
          additionalProperties: false,
          properties: {
            version: { type: 'integer', minimum: 1 },
            data: { type: 'object', additionalProperties: true, description: 'The fields to change; the state field and read-only fields cannot be patched.' },
          },
        },
        response: { 200: commandResultSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { live, actor } = recordContext(app, request, request.params);
      const { entity, id } = request.params;
      return app.commands.update(live, actor, entity, id, request.body.version, request.body.data);
    },
  );

  app.delete<{ Params: RecordParams; Querystring: { version: number } }>(
    '/api/apps/:app/records/:entity/:id',
    {
      schema: {
        tags: ['records'],
        summary: 'Delete a record at the version you read',
        params: recordParams,
        querystring: { type: 'object', required: ['version'], additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 } } },
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { live, actor } = recordContext(app, request, request.params, 'delete');
      await app.commands.delete(live, actor, request.params.entity, request.params.id, request.query.version);
      return reply.code(204).send();
    },
  );
}
