import type { FastifyInstance } from 'fastify';
import { recordParams } from '../http/record-schemas.ts';
import { errorResponses } from '../http/schemas.ts';
import { recordContext } from './records.ts';

const entrySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    action: { type: 'string', description: 'create, update, transition, event, delete' },
    transition: { type: ['string', 'null'] },
    actor: { type: ['string', 'null'] },
    at: { type: 'string' },
    before: { type: ['object', 'null'], additionalProperties: true },
    after: { type: ['object', 'null'], additionalProperties: true },
    details: { additionalProperties: true, description: 'Steps taken, rules fired, effects, version change.' },
    defVersion: { type: ['integer', 'null'] },
  },
} as const;

/** A record's audit trail, oldest first: who changed what, when, through which transition. */
export async function timelinePlugin(app: FastifyInstance) {
  app.get<{ Params: { app: string; entity: string; id: number } }>(
    '/api/apps/:app/records/:entity/:id/timeline',
    {
      schema: {
        tags: ['timeline'],
        summary: 'The record’s audit trail, oldest first',
        params: recordParams,
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: entrySchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      recordContext(app, request, request.params, 'read');
      const { entity, id } = request.params;
      // 404 for a record that never existed; a deleted one keeps its history.
      const items = await app.store.audit.listForRecord(entity, id);
      if (items.length === 0) await app.store.records.get(entity, id);
      return { items };
    },
  );
}
