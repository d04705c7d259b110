import { validateDefinition, type RecordEnvelope } from '@statecraft/engine';
import type { AppDefinition } from '@statecraft/schema';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../app-error.ts';
import { appParam, errorResponses, ids, ref } from '../http/schemas.ts';
import { diffDefinitions } from '../services/definition-diff.ts';
import { dryRun, type TryCommand } from '../services/dry-run.ts';
import { actorOf, assertDesigner } from '../services/guards.ts';
import { DatabaseFacts } from '../services/record-facts.ts';
import { fromStoreError } from '../services/store-errors.ts';

const appParams = { type: 'object', required: ['app'], properties: { app: appParam } } as const;
const plainJson = () => (data: unknown) => JSON.stringify(data);

interface TryBody {
  definition?: AppDefinition;
  entity: string;
  command: TryCommand;
  /** A sample record typed in the designer: its data (the state field included). */
  sample?: { data: Record<string, unknown>; hold?: RecordEnvelope['hold'] };
  /** Or a real record to start from (read, never written). */
  recordId?: number;
  /** Try as these roles (default: as a superuser, whom no role check stops). */
  roles?: string[];
}

const tryBodySchema = {
  type: 'object',
  required: ['entity', 'command'],
  additionalProperties: false,
  properties: {
    definition: { ...ref(ids.definition), description: 'The definition to try; omitted: the saved draft.' },
    entity: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,47}$' },
    command: {
      type: 'object',
      required: ['kind'],
      additionalProperties: false,
      properties: {
        kind: { enum: ['create', 'update', 'transition', 'event'] },
        transition: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,47}$' },
        event: { type: 'string', pattern: '^[a-z][a-z0-9_.]{0,63}$' },
        patch: { type: 'object', additionalProperties: true },
      },
    },
    sample: { type: 'object', required: ['data'], additionalProperties: false, properties: { data: { type: 'object', additionalProperties: true }, hold: { type: ['object', 'null'], additionalProperties: true } } },
    recordId: { type: 'integer', minimum: 1 },
    roles: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,47}$' }, maxItems: 50 },
  },
} as const;

/**
 * The designer's server side: "try it" (a dry run of a command against the draft through the
 * engine's decide, nothing written) and the diff between two versions (or a version and the
 * draft). Analysts and administrators only, like drafts.
 */
export async function designerPlugin(app: FastifyInstance) {
  const facts = new DatabaseFacts(app.store);

  async function definitionAt(appId: string, which: string): Promise<AppDefinition> {
    if (which === 'draft') {
      const draft = await app.store.definitions.getDraft(appId);
      if (!draft) throw new AppError('DEFINITION_NO_DRAFT', 404, `App "${appId}" has no draft.`, { hint: 'Save one with PUT /api/apps/:app/definition/draft.' });
      return draft.definition;
    }
    const version = /^[1-9]\d*$/.test(which) ? Number(which) : NaN;
    if (!Number.isSafeInteger(version)) {
      throw new AppError('DESIGNER_DIFF_BAD_VERSION', 400, `"${which}" is not a version: use a published version number or "draft".`, { hint: 'GET /api/apps/:app/definition/versions lists the versions.' });
    }
    const found = await app.store.definitions.getPublished(appId, version);
    if (!found) throw new AppError('DEFINITION_NOT_FOUND', 404, `App "${appId}" has no published version ${version}.`, { hint: 'GET /api/apps/:app/definition/versions lists the published versions.' });
    return found.definition;
  }

  app.post<{ Params: { app: string }; Body: TryBody }>(
    '/api/apps/:app/definition/try',
    {
      schema: {
        tags: ['definitions'],
        summary: 'Try a command against the draft: the resulting state, effects and fired rules; nothing is written',
        description:
          'Decides create, update, transition or event with the engine against the draft (or the given definition), starting from a typed sample ' +
          'record or a real one (recordId, read only). Refused with 422 DEF_INVALID while the definition has errors. An engine refusal is an answer ({ok: false, error}), not an HTTP error.',
        params: appParams,
        body: tryBodySchema,
        response: {
          200: { type: 'object', additionalProperties: true, properties: { ok: { type: 'boolean' } } },
          ...errorResponses,
        },
      },
      serializerCompiler: plainJson,
    },
    async (request) => {
      const actor = actorOf(request);
      assertDesigner(actor, app.apps.superuserRoles(), 'try drafts');
      const body = request.body;
      const definition = body.definition ?? (await definitionAt(request.params.app, 'draft'));
      const problems = validateDefinition(definition);
      if (problems.some((p) => p.severity === 'error')) {
        throw new AppError('DEF_INVALID', 422, `The definition has ${problems.filter((p) => p.severity === 'error').length} error(s); fix them before trying it.`, {
          hint: 'Each problem names the place (JSON pointer) and how to fix it.',
          problems,
        });
      }
      const cmd = body.command;
      if ((cmd.kind === 'transition' && !cmd.transition) || (cmd.kind === 'event' && !cmd.event)) {
        throw new AppError('DESIGNER_TRY_INCOMPLETE', 400, `A ${cmd.kind} needs the ${cmd.kind} id in command.${cmd.kind}.`, { hint: `Send e.g. {"kind": "${cmd.kind}", "${cmd.kind}": "approve"}.` });
      }
      if (cmd.kind !== 'create' && !body.sample && body.recordId === undefined) {
        throw new AppError('DESIGNER_TRY_INCOMPLETE', 400, `A ${cmd.kind} needs a record to start from: send "sample" ({data}) or "recordId".`, { hint: 'Type a sample record (with its state) or pick an existing record.' });
      }
      const now = app.now().toISOString();
      let record: RecordEnvelope;
      if (body.recordId !== undefined) {
        try {
          record = await app.store.records.get(body.entity, body.recordId);
        } catch (e) {
          throw fromStoreError(e) ?? e;
        }
        if (body.sample) record = { ...record, data: { ...record.data, ...body.sample.data } };
      } else {
        record = { id: 0, entity: body.entity, version: 1, defVersion: 0, createdAt: now, updatedAt: now, createdBy: actor.id, updatedBy: actor.id, hold: body.sample?.hold ?? null, data: body.sample?.data ?? {} };
      }
      // By default the draft is tried as a superuser, so every path can be walked; "roles" tries as those roles.
      const engineActor = body.roles ? { id: actor.id, roles: body.roles, superuser: false } : { id: actor.id, roles: actor.roles, superuser: true };
      return dryRun({ definition, entity: body.entity, record, command: cmd, actor: engineActor, now, facts });
    },
  );

  app.get<{ Params: { app: string }; Querystring: { from: string; to: string } }>(
    '/api/apps/:app/definition/diff',
    {
      schema: {
        tags: ['definitions'],
        summary: 'What changed between two versions (or a version and the draft): fields, states, transitions, rules',
        params: appParams,
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: { from: { type: 'string', description: 'A version number or "draft"' }, to: { type: 'string', description: 'A version number or "draft"' } },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses },
      },
      serializerCompiler: plainJson,
    },
    async (request) => {
      assertDesigner(actorOf(request), app.apps.superuserRoles(), 'compare versions');
      const { from, to } = request.query;
      const [a, b] = await Promise.all([definitionAt(request.params.app, from), definitionAt(request.params.app, to)]);
      return { from, to, ...diffDefinitions(a, b) };
    },
  );
}
