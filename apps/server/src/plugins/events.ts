import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorResponses } from '../http/schemas.ts';
import type { Actor } from '../services/actor.ts';
import { actorOf } from '../services/guards.ts';
import { LiveEventFeed, type LiveEvent } from '../services/live-events.ts';
import { mayAccess } from '../services/permissions.ts';

const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/events`: a server-sent event stream for the signed-in user — `alert` events for new
 * alerts and inbox notifications (the in-app pop-up) and `record` events for records written,
 * each only for entities the user may read. Browsers reconnect by themselves (EventSource).
 */
export const eventsPlugin = fp(
  async function events(app: FastifyInstance) {
    const feed = new LiveEventFeed(app.store);
    const streams = new Set<() => void>();

    // A write answered here is pushed at once rather than at the next tick. A callback hook, not
    // an async one: it runs after every request, and with nobody listening it returns at once.
    app.addHook('onResponse', (request, reply, done) => {
      if (feed.size > 0 && request.method !== 'GET' && reply.statusCode < 400 && request.url.startsWith('/api/')) feed.poke();
      done();
    });

    // The app of an entity: the first published app that has it and lets the user read it.
    const readable = (actor: Actor, entity: string): string | null => {
      for (const id of app.apps.ids()) {
        const live = app.apps.get(id);
        const e = live.entities.get(entity);
        if (e && mayAccess(e, 'read', actor, live.superuserRoles)) return id;
      }
      return null;
    };

    app.get(
      '/api/events',
      {
        schema: {
          tags: ['events'],
          summary: 'Server-sent events: "alert" (new alerts and inbox notifications, for the pop-up) and "record" (records written), for entities you may read',
          response: { 200: { type: 'string', description: 'text/event-stream' }, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, { ...(reply.getHeaders() as OutgoingHttpHeaders), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        raw.write('retry: 2000\n\n');
        let closed = false;
        const push = (events: LiveEvent[]) => {
          if (closed) return;
          let out = '';
          for (const e of events) {
            const appId = readable(actor, e.type === 'alert' ? e.alert.entity : e.entity);
            if (!appId) continue;
            out += e.type === 'alert' ? `id: a${e.alert.id}\nevent: alert\ndata: ${JSON.stringify({ app: appId, ...e.alert })}\n\n` : `event: record\ndata: ${JSON.stringify({ app: appId, ...e })}\n\n`;
          }
          if (out) raw.write(out);
        };
        const heartbeat = setInterval(() => !closed && raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
        heartbeat.unref();
        const unsubscribe = await feed.subscribe(push);
        const close = () => {
          if (closed) return;
          closed = true;
          unsubscribe();
          clearInterval(heartbeat);
          streams.delete(close);
          raw.end();
        };
        streams.add(close);
        // The response's close, not the request's: a GET's request stream ends (and closes) at once.
        raw.on('close', close);
        if (raw.destroyed) close();
        // Tells the client it is listening from here on (nothing older is sent).
        else raw.write('event: ready\ndata: {}\n\n');
      },
    );

    // Before the server stops listening: open streams would otherwise keep it waiting.
    app.addHook('preClose', async () => {
      for (const close of [...streams]) close();
      feed.stop();
    });
  },
  { name: 'events' },
);
