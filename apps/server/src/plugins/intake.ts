import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  CREDENTIAL_FIELDS,
  ordersFromRows,
  parseWebhookOrders,
  readOrderFileRows,
  verifyWebhook,
  WebhookError,
  type ChannelPlatform,
  type HttpOptions,
} from '@statecraft/connectors';
import type { Connector, OrderWebhookConfig } from '@statecraft/schema';
import { AppError } from '../app-error.ts';
import { appParam, errorResponses } from '../http/schemas.ts';
import { ChannelIntake, type ChannelIntakeOptions } from '../services/channel-intake.ts';
import { CredentialStore, type SecretKeyOptions } from '../services/credential-store.ts';
import { actorOf, assertSuperuser } from '../services/guards.ts';
import { connectorNotFound } from '../services/intake-errors.ts';
import { INTAKE_ENTITY, StoreOrderSink } from '../services/order-intake-sink.ts';
import { assertMayAccess, mayAccess } from '../services/permissions.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The channel intake: scheduler, run now, state; server.ts starts it. */
    channelIntake: ChannelIntake;
    /** Connector credentials, AES-256-GCM at rest. */
    credentials: CredentialStore;
  }
}

export interface IntakePluginOptions {
  /** The credential key (default STATECRAFT_SECRET_KEY or <data dir>/secret.key). */
  secret?: SecretKeyOptions;
  /** HTTP settings of the platform clients (tests inject time-outs). */
  http?: Omit<HttpOptions, 'gateway'>;
  batchSize?: number;
  /** Gateway per connector id, overriding the definition's (sandboxes started on other ports). */
  gateways?: Record<string, string>;
  /** Test seam: told when a pull starts and ends. */
  onPull?: ChannelIntakeOptions['onPull'];
}

const connectorParams = { type: 'object', required: ['app', 'connector'], properties: { app: appParam, connector: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' } } } as const;
const countsSchema = { type: 'object', properties: { fetched: { type: 'integer' }, new: { type: 'integer' }, updated: { type: 'integer' }, skipped: { type: 'integer' }, failed: { type: 'integer' } } } as const;
const runSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    connectorId: { type: 'string' },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
    windowStart: { type: ['string', 'null'] },
    windowEnd: { type: ['string', 'null'] },
    counts: countsSchema,
    calls: { type: 'integer' },
    errors: { type: 'array', items: { type: 'object', additionalProperties: true } },
    status: { type: 'string', enum: ['ok', 'partial', 'failed'] },
  },
} as const;
const failureSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    connectorId: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    attempts: { type: 'integer' },
    status: { type: 'string', enum: ['retry', 'dead', 'done'] },
    nextAttemptAt: { type: ['string', 'null'] },
    lastError: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

const isSandbox = (c: Connector) => (c.config as { sandbox?: boolean } | undefined)?.sandbox === true;
const WEBHOOK_FIELDS = ['secret'] as const;

function webhookConnector(app: FastifyInstance, appId: string, connectorId: string): Connector {
  const c = (app.apps.get(appId).definition.connectors ?? []).find((x) => x.kind === 'webhook' && x.platform === 'mini_program' && x.id === connectorId);
  if (!c) throw connectorNotFound(appId, connectorId, 'webhook');
  return c;
}

/**
 * Order intake over HTTP: the channel connectors with their sync log, run now, dead-lettered
 * windows and their retry, credentials (set only; never returned), the signed webhook of the
 * seller's mini program, and the manual import of an Excel or CSV file.
 */
export const intakePlugin = fp(
  async function intake(app: FastifyInstance, options: IntakePluginOptions) {
    const credentials = new CredentialStore(app.store.knex, options.secret ?? {});
    const intake = new ChannelIntake({
      store: app.store,
      apps: app.apps,
      commands: app.commands,
      credentials,
      now: app.now,
      ...(options.http ? { http: options.http } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.gateways ? { gateways: options.gateways } : {}),
      ...(options.onPull ? { onPull: options.onPull } : {}),
      onError: (err) => app.log.warn({ err }, 'channel intake run failed'),
    });
    app.decorate('channelIntake', intake);
    app.decorate('credentials', credentials);
    app.addHook('onClose', async () => {
      await intake.stop();
    });

    const ctx = (request: FastifyRequest<{ Params: { app: string } }>) => {
      const actor = actorOf(request);
      const live = app.apps.get(request.params.app);
      return { actor, live };
    };

    app.get<{ Params: { app: string } }>(
      '/api/apps/:app/intake/connectors',
      {
        schema: {
          tags: ['intake'],
          summary: 'Order intake connectors (channels and webhooks): sandbox or live, schedule, cursor, credentials stored (never their values), last run, dead windows',
          params: { type: 'object', required: ['app'], properties: { app: appParam } },
          response: {
            200: {
              type: 'object',
              properties: {
                items: { type: 'array', items: { type: 'object', additionalProperties: true } },
                permissions: { type: 'object', description: 'What the caller may do here', properties: { run: { type: 'boolean', description: 'run now, retry a dead window, import a file' } } },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { actor, live } = ctx(request);
        const appId = live.id;
        const state = intake.state(appId);
        const jobs = new Map((await app.store.knex('sc_intake_job').where({ app_id: appId })).map((r: Record<string, unknown>) => [String(r.connector_id), r]));
        const items = [];
        for (const c of (live.definition.connectors ?? []).filter((x) => x.kind === 'channel' || (x.kind === 'webhook' && x.platform === 'mini_program'))) {
          const job = jobs.get(c.id);
          const stored = await credentials.describe(appId, c.id).catch(() => null);
          const config = (c.config ?? {}) as { schedule?: { everyMinutes?: number } };
          items.push({
            id: c.id,
            kind: c.kind,
            platform: c.platform,
            label: c.label,
            tag: c.tag ?? null,
            enabled: c.enabled !== false,
            sandbox: isSandbox(c),
            ...(c.kind === 'channel'
              ? {
                  everyMinutes: config.schedule?.everyMinutes ?? 10,
                  cursor: await state.getCursor(c.id),
                  nextRunAt: job ? String(job.next_run_at) : null,
                  lastRun: (await state.listRuns(c.id, 1))[0] ?? null,
                  deadWindows: (await state.listFailures(c.id, 'dead')).length,
                  credentialFields: CREDENTIAL_FIELDS[c.platform as ChannelPlatform],
                }
              : { credentialFields: WEBHOOK_FIELDS }),
            credentials: stored ? { stored: true, fields: stored.fields, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy } : { stored: false, demo: isSandbox(c) },
          });
        }
        const entity = live.entities.get(INTAKE_ENTITY);
        return { items, permissions: { run: !entity || mayAccess(entity, 'create', actor, live.superuserRoles) } };
      },
    );

    app.put<{ Params: { app: string; connector: string }; Body: Record<string, string> }>(
      '/api/apps/:app/intake/connectors/:connector/credentials',
      {
        schema: {
          tags: ['intake'],
          summary: 'Set a connector’s credentials (administrators): stored encrypted (AES-256-GCM), never returned, never exported with the definition',
          params: connectorParams,
          body: { type: 'object', minProperties: 1, maxProperties: 10, additionalProperties: { type: 'string', minLength: 1, maxLength: 4096 } },
          response: { 200: { type: 'object', properties: { stored: { type: 'boolean' }, fields: { type: 'array', items: { type: 'string' } } } }, ...errorResponses },
        },
      },
      async (request) => {
        const { actor, live } = ctx(request);
        assertSuperuser(actor, live.superuserRoles, 'set connector credentials');
        const c = (live.definition.connectors ?? []).find((x) => x.id === request.params.connector && (x.kind === 'channel' || x.kind === 'webhook'));
        if (!c) throw connectorNotFound(live.id, request.params.connector, 'channel or webhook');
        const allowed: readonly string[] = c.kind === 'channel' ? CREDENTIAL_FIELDS[c.platform as ChannelPlatform] : WEBHOOK_FIELDS;
        const unknown = Object.keys(request.body).filter((k) => !allowed.includes(k));
        const missing = allowed.filter((k) => !request.body[k]);
        if (unknown.length || missing.length) {
          throw new AppError('INTAKE_CREDENTIALS_INVALID', 422, `Connector "${c.id}" (${c.platform}) takes exactly ${allowed.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}${missing.length ? `; missing: ${missing.join(', ')}` : ''}.`, {
            hint: 'Send every field the platform needs; the old credentials are replaced as a whole.',
          });
        }
        await credentials.set(live.id, c.id, request.body, actor.id, app.now());
        return { stored: true, fields: Object.keys(request.body).sort() };
      },
    );

    app.get<{ Params: { app: string; connector: string }; Querystring: { limit?: number } }>(
      '/api/apps/:app/intake/connectors/:connector/runs',
      {
        schema: {
          tags: ['intake'],
          summary: 'The sync log of a channel connector, newest first: start, end, window, fetched/new/updated/skipped/failed, errors',
          params: connectorParams,
          querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } } },
          response: { 200: { type: 'object', properties: { sandbox: { type: 'boolean' }, items: { type: 'array', items: runSchema } } }, ...errorResponses },
        },
      },
      async (request) => {
        const { live } = ctx(request);
        const { connector } = intake.connector(live.id, request.params.connector);
        return { sandbox: isSandbox(connector), items: await intake.state(live.id).listRuns(connector.id, request.query.limit ?? 50) };
      },
    );

    app.post<{ Params: { app: string; connector: string } }>(
      '/api/apps/:app/intake/connectors/:connector/run',
      {
        schema: {
          tags: ['intake'],
          summary: 'Pull a channel connector now (administrators and order operators); 409 while another pull of it runs',
          params: connectorParams,
          response: { 200: runSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { actor, live } = ctx(request);
        const entity = live.entities.get(INTAKE_ENTITY);
        if (entity) assertMayAccess(entity, 'create', actor, live.superuserRoles);
        const result = await intake.runConnector(live.id, request.params.connector, { force: true });
        if (!result.ran) {
          throw new AppError('INTAKE_BUSY', 409, `Connector "${request.params.connector}" is being pulled right now (by this or another server process).`, { hint: 'Wait for that run to end; its result appears in the sync log.' });
        }
        return result.run;
      },
    );

    app.get<{ Params: { app: string; connector: string }; Querystring: { status?: 'retry' | 'dead' | 'done' } }>(
      '/api/apps/:app/intake/connectors/:connector/failures',
      {
        schema: {
          tags: ['intake'],
          summary: 'Failed windows of a channel connector (retry: waiting for the policy; dead: past it, waiting for a person)',
          params: connectorParams,
          querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['retry', 'dead', 'done'] } } },
          response: { 200: { type: 'object', properties: { items: { type: 'array', items: failureSchema } } }, ...errorResponses },
        },
      },
      async (request) => {
        const { live } = ctx(request);
        const { connector } = intake.connector(live.id, request.params.connector);
        return { items: await intake.state(live.id).listFailures(connector.id, request.query.status) };
      },
    );

    app.post<{ Params: { app: string; connector: string; id: number } }>(
      '/api/apps/:app/intake/connectors/:connector/failures/:id/retry',
      {
        schema: {
          tags: ['intake'],
          summary: 'Retry a dead-lettered window: it is due again and pulled now',
          params: { type: 'object', required: ['app', 'connector', 'id'], properties: { ...connectorParams.properties, id: { type: 'integer', minimum: 1 } } },
          response: { 200: { type: 'object', properties: { failure: failureSchema, run: { anyOf: [runSchema, { type: 'null' }] } } }, ...errorResponses },
        },
      },
      async (request) => {
        const { actor, live } = ctx(request);
        const entity = live.entities.get(INTAKE_ENTITY);
        if (entity) assertMayAccess(entity, 'create', actor, live.superuserRoles);
        const { connector } = intake.connector(live.id, request.params.connector);
        const state = intake.state(live.id);
        const failure = (await state.listFailures(connector.id)).find((f) => f.id === request.params.id);
        if (!failure || failure.status !== 'dead') {
          throw new AppError('INTAKE_FAILURE_NOT_DEAD', 409, `Window ${request.params.id} of connector "${connector.id}" is not dead-lettered${failure ? ` (it is ${failure.status})` : ' (no such window)'}.`, {
            hint: `List the dead windows with GET /api/apps/${live.id}/intake/connectors/${connector.id}/failures?status=dead.`,
          });
        }
        await state.requeueFailure(failure.id, app.now());
        const result = await intake.runConnector(live.id, connector.id, { force: true });
        const after = (await state.listFailures(connector.id)).find((f) => f.id === failure.id)!;
        return { failure: after, run: result.ran ? result.run : null };
      },
    );

    // Raw bodies: the webhook's signature covers the exact bytes; imports are files.
    await app.register(async (raw) => {
      raw.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
      raw.addContentTypeParser(['text/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));

      raw.post<{ Params: { app: string; connector: string }; Body: string }>(
        '/api/apps/:app/intake/:connector/webhook',
        {
          schema: {
            tags: ['intake'],
            summary: 'Orders pushed by the seller’s mini program: {"orders": [...]}, signed with X-Statecraft-Timestamp and X-Statecraft-Signature = hex(HMAC-SHA256(secret, timestamp + "\\n" + body)); idempotent on re-delivery',
            security: [],
            params: connectorParams,
            response: { 200: { type: 'object', properties: { counts: countsSchema, errors: { type: 'array', items: { type: 'object', additionalProperties: true } } } }, ...errorResponses },
          },
        },
        async (request) => {
          const appId = request.params.app;
          const c = webhookConnector(app, appId, request.params.connector);
          const config = (c.config ?? {}) as OrderWebhookConfig;
          const stored = await credentials.get(appId, c.id);
          if (!stored?.secret) {
            throw new AppError('INTAKE_CREDENTIALS_MISSING', 409, `Webhook connector "${c.id}" has no secret yet.`, { hint: `An administrator sets it with PUT /api/apps/${appId}/intake/connectors/${c.id}/credentials {"secret": "…"}.` });
          }
          const body = typeof request.body === 'string' ? request.body : '';
          let orders;
          try {
            verifyWebhook(stored.secret, { timestamp: request.headers['x-statecraft-timestamp'] as string | undefined, signature: request.headers['x-statecraft-signature'] as string | undefined }, body, app.now(), config.toleranceSeconds ?? 300);
            let payload: unknown;
            try {
              payload = JSON.parse(body);
            } catch {
              throw new WebhookError('INTAKE_WEBHOOK_INVALID', 'The body is not JSON.');
            }
            orders = parseWebhookOrders(payload, { channel: config.channel ?? 'wechat', tag: c.tag ?? null, orderNoPrefix: config.orderNoPrefix ?? 'MP' });
          } catch (err) {
            if (err instanceof WebhookError) {
              throw new AppError(err.code, err.code === 'INTAKE_WEBHOOK_INVALID' ? 422 : 401, err.message, { details: err.details, hint: 'See OrderWebhookConfig in schemas/app.schema.json for the payload and the signature.' });
            }
            throw err;
          }
          const live = app.apps.get(appId);
          const sink = new StoreOrderSink({ store: app.store, commands: app.commands, app: () => app.apps.get(appId), actor: intake.actorFor(live, c.id), shopCode: config.shopCode ?? null });
          const outcome = await sink.write(orders);
          return { counts: { fetched: orders.length, ...outcome.counts }, errors: outcome.errors };
        },
      );

      raw.post<{ Params: { app: string }; Querystring: { format?: 'csv' | 'xlsx' }; Body: Buffer }>(
        '/api/apps/:app/intake/import',
        {
          schema: {
            tags: ['intake'],
            summary: 'Import orders from an Excel (.xlsx) or CSV file (one row per order line): every row is checked first; any error and nothing is imported',
            params: { type: 'object', required: ['app'], properties: { app: appParam } },
            querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: ['csv', 'xlsx'] } } },
            response: { 200: { type: 'object', properties: { counts: countsSchema } }, ...errorResponses },
          },
        },
        async (request) => {
          const { actor, live } = ctx(request);
          const entity = live.entities.get(INTAKE_ENTITY);
          if (!entity) throw new AppError('INTAKE_IMPORT_INVALID', 422, `App "${live.id}" has no order entity to import into.`);
          assertMayAccess(entity, 'create', actor, live.superuserRoles);
          if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
            throw new AppError('INTAKE_IMPORT_INVALID', 422, 'Send the file as the request body (Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).');
          }
          const type = String(request.headers['content-type'] ?? '');
          const format = request.query.format ?? (type.includes('spreadsheetml') || request.body.subarray(0, 2).toString('latin1') === 'PK' ? 'xlsx' : 'csv');
          let rows: string[][];
          try {
            rows = await readOrderFileRows(request.body, format);
          } catch (cause) {
            throw new AppError('INTAKE_IMPORT_INVALID', 422, `The file cannot be read as ${format}: ${(cause as Error).message}`, { hint: 'Save it as .xlsx or as UTF-8 CSV with a header row.' });
          }
          const { orders, errors } = ordersFromRows(rows, { importedAt: app.now() });
          if (errors.length) {
            throw new AppError('INTAKE_IMPORT_INVALID', 422, `${errors.length} problem(s) in the file; nothing was imported.`, { details: { rows: errors }, hint: 'Fix the rows listed (row 1 is the header) and import the whole file again.' });
          }
          const sink = new StoreOrderSink({ store: app.store, commands: app.commands, app: () => app.apps.get(live.id), actor, atomic: true });
          try {
            const outcome = await sink.write(orders);
            return { counts: { fetched: orders.length, ...outcome.counts } };
          } catch (err) {
            const e = err as AppError;
            throw new AppError('INTAKE_IMPORT_INVALID', 422, `An order of the file was refused (${e.code ?? 'error'}: ${e.message}); nothing was imported.`, { details: { cause: e.code ?? null }, hint: 'Fix that order in the file and import it again.' });
          }
        },
      );
    });
  },
  { name: 'intake' },
);
