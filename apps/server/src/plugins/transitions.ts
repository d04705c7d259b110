import { availableTransitions } from '@statecraft/engine';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../app-error.ts';
import { commandResultSchema, entityParams, recordParams, versionBody } from '../http/record-schemas.ts';
import { errorResponses, ids, ref } from '../http/schemas.ts';
import { engineActor } from '../services/actor.ts';
import { fromStoreError } from '../services/store-errors.ts';
import { isSuperuser } from '../services/guards.ts';
import { recordContext } from './records.ts';

type RecordParams = { app: string; entity: string; id: number };
const idPattern = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,47}$' } as const;
const eventPattern = { type: 'string', pattern: '^[a-z][a-z0-9_.]{0,63}$' } as const;

const optionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    label: ref(ids.i18n),
    to: { type: 'string' },
    trigger: { type: 'string' },
    confirm: ref(ids.i18n),
    allowed: { type: 'boolean' },
    reason: { type: 'string', enum: ['role', 'hold', 'guard'] },
    code: { type: 'string' },
  },
} as const;

/** Bulk transitions take at most this many records per request. */
const MAX_BULK = 100;

/**
 * Workflow transitions: the buttons a user may press now (with their confirm text), firing one
 * (with the version read), firing one on many records, and events for integrations.
 */
export async function transitionsPlugin(app: FastifyInstance) {
  app.get<{ Params: RecordParams; Querystring: { all?: boolean } }>(
    '/api/apps/:app/records/:entity/:id/transitions',
    {
      schema: {
        tags: ['transitions'],
        summary: 'The transitions you may take now (with their confirm text); ?all=true adds the refused ones and why',
        params: recordParams,
        querystring: { type: 'object', additionalProperties: false, properties: { all: { type: 'boolean', default: false } } },
        response: { 200: { type: 'object', properties: { version: { type: 'integer' }, items: { type: 'array', items: optionSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const { live, actor } = recordContext(app, request, request.params, 'read');
      const record = await app.store.records.get(request.params.entity, request.params.id);
      const ctx = { now: app.now().toISOString(), actor: engineActor(actor, live.superuserRoles) };
      const options = availableTransitions(live.compiled, request.params.entity, record, ctx);
      return { version: record.version, items: request.query.all ? options : options.filter((o) => o.allowed) };
    },
  );

  app.post<{ Params: RecordParams & { transition: string }; Body: { version: number } }>(
    '/api/apps/:app/records/:entity/:id/transitions/:transition',
    {
      schema: {
        tags: ['transitions'],
        summary: 'Fire a transition at the version you read',
        params: { ...recordParams, required: [...recordParams.required, 'transition'], properties: { ...recordParams.properties, transition: idPattern } },
        body: versionBody,
        response: { 200: commandResultSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { live, actor } = recordContext(app, request, request.params, 'read');
      const { entity, id, transition } = request.params;
      return app.commands.transition(live, actor, entity, id, request.body.version, transition);
    },
  );

  app.post<{ Params: { app: string; entity: string; transition: string }; Body: { items: { id: number; version: number }[] } }>(
    '/api/apps/:app/records/:entity/bulk/transitions/:transition',
    {
      schema: {
        tags: ['transitions'],
        summary: `Fire a transition on up to ${MAX_BULK} records; each record commits on its own`,
        params: { ...entityParams, required: [...entityParams.required, 'transition'], properties: { ...entityParams.properties, transition: idPattern } },
        body: {
          type: 'object',
          required: ['items'],
          additionalProperties: false,
          properties: {
            items: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_BULK,
              items: { type: 'object', required: ['id', 'version'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 }, version: { type: 'integer', minimum: 1 } } },
            },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              succeeded: { type: 'integer' },
              failed: { type: 'integer' },
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { id: { type: 'integer' }, ok: { type: 'boolean' }, record: ref(ids.record), error: { $ref: 'ErrorResponse#/properties/error' } },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { live, actor } = recordContext(app, request, request.params, 'read');
      const { entity, transition } = request.params;
      // A role that may never take this transition is refused as a whole, like a single request.
      const t = live.compiled.entities.get(entity)?.workflow?.transitions.get(transition);
      if (t?.roles && !isSuperuser(actor, live.superuserRoles) && !actor.roles.some((r) => t.roles!.has(r))) {
        throw new AppError('ENGINE_ROLE_FORBIDDEN', 403, `Your roles (${actor.roles.join(', ')}) may not take the transition "${transition}".`, {
          hint: `Ask for one of the roles: ${[...t.roles].join(', ')}.`,
        });
      }
      const results = [];
      for (const item of request.body.items) {
        try {
          const result = await app.commands.transition(live, actor, entity, item.id, item.version, transition);
          results.push({ id: item.id, ok: true, record: result.record });
        } catch (e) {
          const error = e instanceof AppError ? e : fromStoreError(e);
          if (!error || error.statusCode >= 500) throw e;
          results.push({ id: item.id, ok: false, error: error.toBody().error });
        }
      }
      const succeeded = results.filter((r) => r.ok).length;
      return { succeeded, failed: results.length - succeeded, results };
    },
  );

  app.post<{ Params: RecordParams & { event: string }; Body: { version?: number } }>(
    '/api/apps/:app/records/:entity/:id/events/:event',
    {
      schema: {
        tags: ['transitions'],
        summary: 'Deliver an event (e.g. channel.paid) to a record: integrations (API tokens) and administrators',
        params: { ...recordParams, required: [...recordParams.required, 'event'], properties: { ...recordParams.properties, event: eventPattern } },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { version: { type: 'integer', minimum: 1, description: 'Optional: refuse with 409 unless the record is still at this version.' } },
        },
        response: { 200: commandResultSchema, ...errorResponses },
      },
      // Integrations often post an event without a body.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const { live, actor } = recordContext(app, request, request.params);
      if (actor.via !== 'token' && !isSuperuser(actor, live.superuserRoles)) {
        throw new AppError('AUTH_FORBIDDEN', 403, 'Events come from integrations: only API tokens and administrators may send them.', {
          hint: 'Use an API token (POST /api/tokens) for the integration, or take the matching manual transition.',
        });
      }
      const { entity, id, event } = request.params;
      return app.commands.event(live, actor, entity, id, request.body.version, event);
    },
  );
}
