import { appParam, entityParam, ids, idParam, ref } from './schemas.ts';

export const entityParams = {
  type: 'object',
  required: ['app', 'entity'],
  properties: { app: appParam, entity: entityParam },
} as const;

export const recordParams = {
  type: 'object',
  required: ['app', 'entity', 'id'],
  properties: { app: appParam, entity: entityParam, id: idParam },
} as const;

export const stepSchema = {
  type: 'object',
  properties: {
    transition: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    trigger: { type: 'string', enum: ['manual', 'automatic', 'event'] },
  },
} as const;

/** What every command answers: the record as written and what the engine decided. */
export const commandResultSchema = {
  type: 'object',
  properties: {
    record: ref(ids.record),
    steps: { type: 'array', items: stepSchema },
    firedRules: { type: 'array', items: { type: 'string' } },
    effects: {
      type: 'array',
      description: 'Effects in the order the actions ran; outbox ones carry outboxId, alerts alertId, created records recordId.',
      items: { type: 'object', additionalProperties: true, properties: { type: { type: 'string' } } },
    },
  },
} as const;

export const versionBody = {
  type: 'object',
  required: ['version'],
  additionalProperties: false,
  properties: { version: { type: 'integer', minimum: 1, description: 'The version of the record you read (optimistic concurrency).' } },
} as const;

/** List/count query: filter[<field>][<op>]=value, sort, after, limit. */
export const filterProperties = {
  patternProperties: {
    '^filter\\[[^\\]]+\\](\\[[A-Za-z]+\\])?$': {
      description: 'filter[<field>]=<value> (equals) or filter[<field>][<op>]=<value>; op: eq, ne, in (comma-separated), prefix, contains, gt, gte, lt, lte, isNull',
    },
  },
} as const;
