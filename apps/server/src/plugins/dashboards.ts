import type { OutgoingHttpHeaders } from 'node:http';
import type { Dashboard } from '@statecraft/schema';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../app-error.ts';
import { appParam, errorResponses } from '../http/schemas.ts';
import type { LoadedApp } from '../services/app-registry.ts';
import { ChangeFeed } from '../services/change-feed.ts';
import { computeDashboard, type DashboardFigures } from '../services/dashboard-figures.ts';
import { actorOf, isSuperuser } from '../services/guards.ts';
import { mayAccess } from '../services/permissions.ts';

type Params = { app: string; dashboard: string };
const params = { type: 'object', required: ['app', 'dashboard'], properties: { app: appParam, dashboard: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,47}$' } } } as const;

/** Pushes are coalesced: at most one recomputation per dashboard in this window, however many writes. */
const COALESCE_MS = 150;
/** A comment line keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

const figuresSchema = {
  type: 'object',
  properties: {
    dashboard: { type: 'string' },
    computedAt: { type: 'string' },
    tookMs: { type: 'number' },
    widgets: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

/** The dashboard a user may see: it exists, names their role (or none), and they may read every entity it shows. */
function dashboardFor(app: FastifyInstance, request: FastifyRequest, p: Params): { live: LoadedApp; dashboard: Dashboard } {
  const actor = actorOf(request);
  const live = app.apps.get(p.app);
  const dashboard = live.definition.dashboards?.find((d) => d.id === p.dashboard);
  const superuser = isSuperuser(actor, live.superuserRoles);
  const allowed =
    dashboard &&
    (superuser || !dashboard.roles || dashboard.roles.some((r) => actor.roles.includes(r))) &&
    dashboard.widgets.every((w) => {
      const e = live.entities.get(w.entity);
      return !e || mayAccess(e, 'read', actor, live.superuserRoles);
    });
  if (!dashboard || !allowed) {
    throw new AppError('DASHBOARD_NOT_FOUND', 404, `There is no dashboard "${p.dashboard}" you may see in app "${p.app}".`, {
      hint: 'The published definition lists the dashboards (definition.dashboards); ask for a role the dashboard names.',
    });
  }
  return { live, dashboard };
}

/**
 * Dashboards of the published definition: their figures on request, and a server-sent event
 * stream that pushes new figures whenever records change (within the change feed's tick).
 */
export const dashboardsPlugin = fp(
  async function dashboards(app: FastifyInstance) {
  const feed = new ChangeFeed(app.store);
  const streams = new Set<() => void>();

  const compute = (live: LoadedApp, dashboard: Dashboard) =>
    computeDashboard(app.store, dashboard, app.now(), (entity, field) => {
      const workflow = live.definition.workflows.find((w) => w.entity === entity);
      if (workflow?.stateField === field) return workflow.states.map((s) => s.id);
      const f = live.entities.get(entity)?.fields.find((x) => x.id === field);
      return f?.type === 'enum' ? f.options.map((o) => o.value) : undefined;
    });

  // A write answered here is seen at once rather than at the next tick. A callback hook, not an
  // async one: it runs after every request, and with no dashboard open it returns at once.
  app.addHook('onResponse', (request, reply, done) => {
    if (feed.size > 0 && request.method !== 'GET' && reply.statusCode < 400 && request.url.startsWith('/api/apps/')) feed.poke();
    done();
  });

  app.get<{ Params: Params }>(
    '/api/apps/:app/dashboards/:dashboard/data',
    { schema: { tags: ['dashboards'], summary: 'The figures of every widget of a dashboard, computed now', params, response: { 200: figuresSchema, ...errorResponses } } },
    async (request) => {
      const { live, dashboard } = dashboardFor(app, request, request.params);
      return compute(live, dashboard);
    },
  );

  app.get<{ Params: Params }>(
    '/api/apps/:app/dashboards/:dashboard/stream',
    {
      schema: {
        tags: ['dashboards'],
        summary: 'Server-sent events: "dashboard" events with the figures, now and after every change to records',
        params,
        response: { 200: { type: 'string', description: 'text/event-stream' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { live, dashboard } = dashboardFor(app, request, request.params);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { ...(reply.getHeaders() as OutgoingHttpHeaders), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      raw.write('retry: 1000\n\n');

      let closed = false;
      let timer: NodeJS.Timeout | null = null;
      let running = false;
      let again = false;
      const send = async () => {
        if (closed) return;
        if (running) {
          again = true;
          return;
        }
        running = true;
        try {
          const figures: DashboardFigures = await compute(live, dashboard);
          if (!closed) raw.write(`event: dashboard\ndata: ${JSON.stringify(figures)}\n\n`);
        } catch (e) {
          const err = e instanceof AppError ? e.toBody().error : { code: 'INTERNAL_ERROR', message: 'The dashboard could not be computed.' };
          if (!(e instanceof AppError)) request.log.error({ err: e }, 'dashboard stream');
          if (!closed) raw.write(`event: problem\ndata: ${JSON.stringify(err)}\n\n`);
        } finally {
          running = false;
          if (again) {
            again = false;
            schedule();
          }
        }
      };
      const schedule = () => {
        timer ??= setTimeout(() => {
          timer = null;
          void send();
        }, COALESCE_MS);
      };
      const heartbeat = setInterval(() => !closed && raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const unsubscribe = feed.subscribe(schedule);
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
        streams.delete(close);
        raw.end();
      };
      streams.add(close);
      request.raw.on('close', close);
      await send();
    },
  );

  // Before the server stops listening: open streams would otherwise keep it waiting.
  app.addHook('preClose', async () => {
    for (const close of [...streams]) close();
    feed.stop();
  });
  },
  // Not encapsulated: the write hook must see the record routes of the other plugins.
  { name: 'dashboards' },
);
