import { APP_SCHEMA_ID, appDefinitionSchema } from '@statecraft/schema';

/**
 * Shared HTTP schemas, added once with `app.addSchema` and referenced by `$id` from the routes
 * (and listed by OpenAPI as components). The app definition schema is the bundled one from
 * `@statecraft/schema`: the same `$id` the designer's editor uses.
 */
export const ids = {
  error: 'ErrorResponse',
  problem: 'Problem',
  record: 'RecordEnvelope',
  i18n: 'I18nText',
  definition: APP_SCHEMA_ID,
} as const;

export const ref = (id: string) => ({ $ref: `${id}#` });

const nullableString = { type: ['string', 'null'] } as const;

export const problemSchema = {
  $id: ids.problem,
  type: 'object',
  description: 'A problem with a JSON pointer into the checked document.',
  required: ['path', 'code', 'message', 'severity'],
  properties: {
    path: { type: 'string', description: 'JSON pointer, e.g. /workflows/0/transitions/3/to or /data/phone' },
    code: { type: 'string' },
    message: { type: 'string' },
    hint: { type: 'string' },
    severity: { type: 'string', enum: ['error', 'warning'] },
  },
} as const;

export const errorSchema = {
  $id: ids.error,
  type: 'object',
  description: 'Every error: a stable code (listed in docs/errors.md), what is wrong, how to fix it.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: true,
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        hint: { type: 'string' },
        problems: { type: 'array', items: ref(ids.problem) },
      },
    },
  },
} as const;

export const i18nSchema = {
  $id: ids.i18n,
  type: 'object',
  required: ['zh-CN'],
  properties: { 'zh-CN': { type: 'string' }, en: { type: 'string' } },
} as const;

export const recordSchema = {
  $id: ids.record,
  type: 'object',
  description: 'A record: its data plus the envelope the engine and the store keep.',
  required: ['id', 'entity', 'version', 'defVersion', 'createdAt', 'updatedAt', 'data'],
  properties: {
    id: { type: 'integer' },
    entity: { type: 'string' },
    version: { type: 'integer', description: 'Send it back with updates and transitions (optimistic concurrency).' },
    defVersion: { type: 'integer', description: 'The published definition version the record was last written under.' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    createdBy: nullableString,
    updatedBy: nullableString,
    hold: {
      type: ['object', 'null'],
      properties: { reason: ref(ids.i18n), at: { type: 'string' }, by: { type: 'string' } },
    },
    data: { type: 'object', additionalProperties: true, description: 'Field id → value (money in fen).' },
  },
} as const;

export const sharedSchemas = [problemSchema, errorSchema, i18nSchema, recordSchema, appDefinitionSchema];

/** The error responses every route may give, for the route schemas and OpenAPI. */
export const errorResponses = {
  '4xx': ref(ids.error),
  '5xx': ref(ids.error),
} as const;

/** Common params. */
export const appParam = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,47}$', description: 'The app id, e.g. oms.' } as const;
export const entityParam = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,47}$', description: 'The entity id, e.g. order.' } as const;
export const idParam = { type: 'integer', minimum: 1 } as const;
