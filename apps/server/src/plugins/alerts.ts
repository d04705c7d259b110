import type { FastifyInstance } from 'fastify';
import type { Alert, AlertSeverity, AlertStatus } from '@statecraft/store';
import { AppError } from '../app-error.ts';
import { recordParams } from '../http/record-schemas.ts';
import { appParam, errorResponses, ids, idParam, ref } from '../http/schemas.ts';
import { actorOf } from '../services/guards.ts';
import { releaseHold } from '../services/hold-release.ts';
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

interface ListQuery {
  status?: AlertStatus;
  severity?: AlertSeverity;
  rule?: string;
  code?: string;
  entity?: string;
  recordId?: number;
  before?: number;
  limit?: number;
}

/**
 * The alert inbox: alerts raised by rules and in-app notifications, newest first, filtered by
 * status, severity, rule, code, entity and record; a user sees those of the entities they may
 * read, acknowledges them (audited on the record), and releases the hold a rule put on a record
 * (role-checked, audited in the record's timeline).
 */
export async function alertsPlugin(app: FastifyInstance) {
  app.get<{ Params: { app: string }; Querystring: ListQuery }>(
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
            severity: { type: 'string', enum: ['info', 'warning', 'critical'] },
            rule: { type: 'string', description: 'The id of the rule that raised it, e.g. repeat_buyer' },
            code: { type: 'string', description: 'The alert code, e.g. stock_short, or notification' },
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
        ...(q.severity ? { severity: q.severity } : {}),
        ...(q.rule ? { ruleId: q.rule } : {}),
        ...(q.code ? { code: q.code } : {}),
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
        summary: 'Acknowledge an alert (recorded in the record’s timeline)',
        params: { type: 'object', required: ['app', 'id'], properties: { app: appParam, id: idParam } },
        response: { 200: alertSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const live = app.apps.get(request.params.app);
      const alert = await app.store.alerts.get(request.params.id);
      const entity = alert ? live.entities.get(alert.entity) : undefined;
      if (!alert || !entity || !mayAccess(entity, 'read', actor, live.superuserRoles)) {
        throw new AppError('ALERT_NOT_FOUND', 404, `There is no alert ${request.params.id} you may see.`, { hint: 'List alerts with GET /api/apps/:app/alerts.' });
      }
      if (alert.status !== 'open') return alert;
      const now = app.now().toISOString();
      return app.store.transaction(async (tx): Promise<Alert> => {
        const acked = await tx.alerts.acknowledge(alert.id, { by: actor.id, now }, tx);
        if (alert.recordId !== null) {
          await tx.audit.append(tx, {
            entity: alert.entity,
            recordId: alert.recordId,
            action: 'acknowledge_alert',
            actor: actor.id,
            at: now,
            details: { alertId: alert.id, code: alert.code, ruleId: alert.ruleId, severity: alert.severity },
            defVersion: live.version,
          });
        }
        return acked;
      });
    },
  );

  app.post<{ Params: { app: string; entity: string; id: number }; Body: { version: number; note?: string } }>(
    '/api/apps/:app/records/:entity/:id/release',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Release the record’s hold (暂停发货) at the version you read; roles in permissions.release, recorded in the timeline',
        params: recordParams,
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: {
            version: { type: 'integer', minimum: 1, description: 'The version of the record you read (optimistic concurrency).' },
            note: { type: 'string', maxLength: 500, description: 'Why it may ship now, e.g. 已电话核实买家' },
          },
        },
        response: { 200: { type: 'object', properties: { record: ref(ids.record) } }, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const live = app.apps.get(request.params.app);
      const entity = app.apps.entity(live, request.params.entity);
      // Someone who may not read the records learns nothing about them.
      if (!mayAccess(entity, 'read', actor, live.superuserRoles)) {
        throw new AppError('PERMISSION_DENIED', 403, `Your roles (${actor.roles.join(', ') || 'none'}) may not read ${entity.id} records.`, { hint: 'Ask an administrator for a role that may.' });
      }
      const record = await releaseHold(app.store, live, actor, entity, request.params.id, request.body.version, request.body.note ?? null, app.now().toISOString());
      return { record };
    },
  );
}
