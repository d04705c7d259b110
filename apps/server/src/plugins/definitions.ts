import { validateDefinition } from '@statecraft/engine';
import type { AppDefinition, Problem } from '@statecraft/schema';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../app-error.ts';
import { appParam, errorResponses, ids, ref } from '../http/schemas.ts';
import { actorOf, assertDesigner } from '../services/guards.ts';
import { publishDefinition } from '../services/publisher.ts';

// Definitions are large, schema-heavy documents returned as stored: plain JSON.stringify, not
// fast-json-stringify walking the 2020-12 bundle (oneOf/unevaluatedProperties) on every response.
const plainJson = () => (data: unknown) => JSON.stringify(data);

const problemsSchema = { type: 'array', items: ref(ids.problem) } as const;
const appParams = { type: 'object', required: ['app'], properties: { app: appParam } } as const;

const publishedSchema = {
  type: 'object',
  properties: {
    appId: { type: 'string' },
    version: { type: 'integer' },
    publishedAt: { type: 'string' },
    publishedBy: { type: ['string', 'null'] },
    note: { type: ['string', 'null'] },
    definition: ref(ids.definition),
  },
} as const;

function summarise(problems: Problem[]) {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { valid: errors === 0, errors, warnings: problems.length - errors, problems };
}

/**
 * App definitions: list apps, read the draft and published versions, validate, save the draft
 * and publish. Definition bodies are declared with the bundled app schema's `$id` (from
 * @statecraft/schema) and checked by the engine's validateDefinition, which starts with that
 * schema and answers with problems (JSON pointers, codes, hints) instead of a bare 400; a draft is
 * stored with its problems, a publish is refused with them.
 */
export async function definitionsPlugin(app: FastifyInstance) {
  app.get(
    '/api/apps',
    {
      schema: {
        tags: ['definitions'],
        summary: 'List apps',
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    name: ref(ids.i18n),
                    latestVersion: { type: ['integer', 'null'] },
                    hasDraft: { type: 'boolean' },
                    updatedAt: { type: 'string' },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      actorOf(request);
      return { items: await app.store.definitions.listApps() };
    },
  );

  app.get<{ Params: { app: string }; Querystring: { version?: number } }>(
    '/api/apps/:app/definition',
    {
      schema: {
        tags: ['definitions'],
        summary: 'The published definition: the latest, or ?version=N',
        params: appParams,
        querystring: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 } } },
        response: { 200: publishedSchema, ...errorResponses },
      },
      serializerCompiler: plainJson,
    },
    async (request) => {
      actorOf(request);
      const found = await app.store.definitions.getPublished(request.params.app, request.query.version);
      if (!found) {
        throw new AppError('DEFINITION_NOT_FOUND', 404, `App "${request.params.app}" has no published version${request.query.version ? ` ${request.query.version}` : ''}.`, {
          hint: 'GET /api/apps/:app/definition/versions lists the published versions.',
        });
      }
      return found;
    },
  );

  app.get<{ Params: { app: string } }>(
    '/api/apps/:app/definition/versions',
    {
      schema: {
        tags: ['definitions'],
        summary: 'The published versions, newest first',
        params: appParams,
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: { type: 'object', properties: { appId: { type: 'string' }, version: { type: 'integer' }, publishedAt: { type: 'string' }, publishedBy: { type: ['string', 'null'] }, note: { type: ['string', 'null'] } } },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      actorOf(request);
      return { items: await app.store.definitions.listVersions(request.params.app) };
    },
  );

  app.get<{ Params: { app: string } }>(
    '/api/apps/:app/definition/draft',
    {
      schema: {
        tags: ['definitions'],
        summary: 'The draft being edited (analysts and administrators)',
        params: appParams,
        response: {
          200: { type: 'object', properties: { appId: { type: 'string' }, createdAt: { type: 'string' }, createdBy: { type: ['string', 'null'] }, updatedAt: { type: 'string' }, definition: ref(ids.definition) } },
          ...errorResponses,
        },
      },
      serializerCompiler: plainJson,
    },
    async (request) => {
      assertDesigner(actorOf(request), app.apps.superuserRoles(), 'read drafts');
      const draft = await app.store.definitions.getDraft(request.params.app);
      if (!draft) throw new AppError('DEFINITION_NO_DRAFT', 404, `App "${request.params.app}" has no draft.`, { hint: 'Save one with PUT /api/apps/:app/definition/draft.' });
      return draft;
    },
  );

  app.post<{ Body: unknown }>(
    '/api/definitions/validate',
    {
      schema: {
        tags: ['definitions'],
        summary: 'Validate a definition: every problem with its JSON pointer, code and hint',
        body: ref(ids.definition),
        response: {
          200: { type: 'object', properties: { valid: { type: 'boolean' }, errors: { type: 'integer' }, warnings: { type: 'integer' }, problems: problemsSchema } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      actorOf(request);
      return summarise(validateDefinition(request.body));
    },
  );

  app.put<{ Params: { app: string }; Body: AppDefinition }>(
    '/api/apps/:app/definition/draft',
    {
      schema: {
        tags: ['definitions'],
        summary: 'Save the draft (analysts and administrators); answers with its problems',
        params: appParams,
        body: ref(ids.definition),
        response: {
          200: {
            type: 'object',
            properties: { appId: { type: 'string' }, updatedAt: { type: 'string' }, valid: { type: 'boolean' }, errors: { type: 'integer' }, warnings: { type: 'integer' }, problems: problemsSchema },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      assertDesigner(actor, app.apps.superuserRoles(), 'save drafts');
      const body = request.body as unknown;
      const id = (body as { id?: unknown }).id;
      if (id !== request.params.app) {
        throw new AppError('DEFINITION_ID_MISMATCH', 400, `The definition's id ${JSON.stringify(id)} does not match the app "${request.params.app}" in the URL.`, {
          hint: `Set "id": "${request.params.app}" or save it under /api/apps/${String(id)}/definition/draft.`,
        });
      }
      const problems = validateDefinition(body);
      const draft = await app.store.definitions.saveDraft(body as AppDefinition, { by: actor.id, now: app.now().toISOString() });
      return { appId: draft.appId, updatedAt: draft.updatedAt, ...summarise(problems) };
    },
  );

  app.post<{ Params: { app: string }; Body: { definition?: AppDefinition; allowDestructive?: boolean; note?: string } }>(
    '/api/apps/:app/definition/publish',
    {
      schema: {
        tags: ['definitions'],
        summary: 'Publish the draft (or the given definition) as a new immutable version (analysts and administrators)',
        description:
          'Refused with 422 DEF_INVALID and the problems while the definition has errors. Adds tables and columns for new entities and fields; ' +
          'dropping or retyping a field needs "allowDestructive": true (the old data is kept in a renamed column).',
        params: appParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            definition: { ...ref(ids.definition), description: 'The definition to publish; omitted: the saved draft.' },
            allowDestructive: { type: 'boolean', default: false },
            note: { type: 'string', maxLength: 1000 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              appId: { type: 'string' },
              version: { type: 'integer' },
              publishedAt: { type: 'string' },
              changes: { type: 'array', items: { type: 'object', additionalProperties: true } },
              problems: problemsSchema,
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      assertDesigner(actor, app.apps.superuserRoles(), 'publish definitions');
      let definition = request.body.definition;
      if (!definition) {
        const draft = await app.store.definitions.getDraft(request.params.app);
        if (!draft) {
          throw new AppError('DEFINITION_NO_DRAFT', 404, `App "${request.params.app}" has no draft to publish.`, {
            hint: 'Save a draft first (PUT /api/apps/:app/definition/draft) or send {"definition": …}.',
          });
        }
        definition = draft.definition;
      }
      if ((definition as { id?: unknown }).id !== request.params.app) {
        throw new AppError('DEFINITION_ID_MISMATCH', 400, `The definition's id ${JSON.stringify((definition as { id?: unknown }).id)} does not match the app "${request.params.app}" in the URL.`, {
          hint: `Set "id": "${request.params.app}".`,
        });
      }
      const result = await publishDefinition(app.store, app.apps, definition, {
        by: actor.id,
        now: app.now().toISOString(),
        note: request.body.note ?? null,
        allowDestructive: request.body.allowDestructive ?? false,
      });
      return {
        appId: result.published.appId,
        version: result.published.version,
        publishedAt: result.published.publishedAt,
        changes: result.changes,
        problems: result.warnings,
      };
    },
  );
}
