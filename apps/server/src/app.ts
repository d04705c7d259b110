import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { OutboxDispatcher, type OutboxDispatcherOptions, type Store } from '@statecraft/store';
import './types.ts';
import { buildValidatorFactory } from './http/validator.ts';
import { buildSerializerFactory } from './http/serializer.ts';
import { sharedSchemas } from './http/schemas.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { docsPlugin } from './plugins/docs.ts';
import { authPlugin, type AuthPluginOptions } from './plugins/auth.ts';
import { usersPlugin } from './plugins/users.ts';
import { definitionsPlugin } from './plugins/definitions.ts';
import { recordsPlugin } from './plugins/records.ts';
import { transitionsPlugin } from './plugins/transitions.ts';
import { timelinePlugin } from './plugins/timeline.ts';
import { alertsPlugin } from './plugins/alerts.ts';
import { eventsPlugin } from './plugins/events.ts';
import { outboxPlugin } from './plugins/outbox.ts';
import { stockPlugin, type StockPluginOptions } from './plugins/stock.ts';
import { dashboardsPlugin } from './plugins/dashboards.ts';
import { savedViewsPlugin } from './plugins/saved-views.ts';
import { intakePlugin, type IntakePluginOptions } from './plugins/intake.ts';
import { designerPlugin } from './plugins/designer.ts';
import { webPlugin } from './plugins/web.ts';
import { AppRegistry } from './services/app-registry.ts';
import { AuthService, type AuthOptions } from './services/auth-service.ts';
import { DecisionWorker } from './services/decision-worker.ts';
import { CommandRunner, type BeforeCommitHook } from './services/commands.ts';
import type { HttpDeliveryOptions } from './services/http-delivery.ts';
import { outboxHandlers } from './services/outbox-effects.ts';
import { MessengerDelivery, type MessengerDeliveryOptions } from './services/messenger-delivery.ts';
import { DatabaseFacts, type GivenFacts } from './services/record-facts.ts';

export interface BuildOptions {
  /** An open, migrated store (server.ts opens it from DATABASE_URL; tests use openTestStore). */
  store: Store;
  /** Fastify's logger option (default: off). */
  logger?: FastifyServerOptions['logger'];
  /** The clock; tests inject one to control `$now`, session expiry and outbox timing. */
  now?: () => Date;
  /** Trust X-Forwarded-* (behind a reverse proxy): request.protocol becomes https for Secure cookies. */
  trustProxy?: boolean;
  auth?: AuthOptions & AuthPluginOptions;
  /** How outbox HTTP requests are sent (fetch and timeout are injectable for tests). */
  http?: HttpDeliveryOptions;
  /** Dispatcher tuning (maxAttempts, backoff, random…). */
  outbox?: Omit<OutboxDispatcherOptions, 'store' | 'handlers' | 'clock'>;
  /** Test seams; never set in production. */
  testHooks?: { beforeCommit?: BeforeCommitHook; facts?: GivenFacts };
  /** How messenger connectors are reached: credentials' environment, fetch (tests), outage limit. */
  messengers?: MessengerDeliveryOptions;
  /** The stock pool: the WMS to sync from (default none; server.ts reads STATECRAFT_WMS_URL). */
  stock?: StockPluginOptions;
  /** Order intake: the credential key (default STATECRAFT_SECRET_KEY or <data dir>/secret.key), client HTTP settings. */
  intake?: IntakePluginOptions;
  /** Serve OpenAPI and Swagger UI at /docs (default true). */
  docs?: boolean;
  /** Serve the workspace (apps/web/dist, when built) with an SPA fallback; false turns it off. */
  web?: { root?: string } | false;
}

/**
 * Builds the Fastify app: one plugin per bounded context, the shared services as decorators.
 * It does not listen and does not start the outbox dispatcher (server.ts does both).
 *
 * @example
 * const app = await build({ store });
 * const res = await app.inject({ method: 'GET', url: '/api/auth/me' });
 */
export async function build(options: BuildOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => new Date());
  const fastifyOptions: FastifyServerOptions = {
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 5 * 1024 * 1024,
    // Fastify's types describe @fastify/ajv-compiler's factory; at run time the compiler it returns
    // is called with the route definition ({ schema, httpPart, … }), which is what ours takes.
    schemaController: { compilersFactory: { buildValidator: buildValidatorFactory() as never, buildSerializer: buildSerializerFactory() } },
  };
  const app = Fastify(fastifyOptions);

  for (const schema of sharedSchemas) app.addSchema(schema);

  const registry = new AppRegistry();
  await registry.loadAll(options.store);
  app.decorate('store', options.store);
  app.decorate('now', now);
  app.decorate('apps', registry);
  app.decorate('auth', new AuthService(options.store, now, options.auth));
  // Big batches of new records are decided on a thread of their own (createMany).
  const decisions = new DecisionWorker();
  app.decorate(
    'commands',
    new CommandRunner({
      store: options.store,
      now,
      facts: new DatabaseFacts(options.store),
      decisions,
      ...(options.testHooks?.beforeCommit ? { beforeCommit: options.testHooks.beforeCommit } : {}),
      ...(options.testHooks?.facts ? { givenFacts: options.testHooks.facts } : {}),
    }),
  );
  const messengers = new MessengerDelivery(registry, now, options.messengers);
  app.decorate(
    'outboxDispatcher',
    new OutboxDispatcher({
      ...options.outbox,
      store: options.store,
      handlers: outboxHandlers(options.store, now, options.http, messengers.handler),
      clock: now,
      onError: (err) => app.log.error({ err }, 'outbox dispatcher round failed'),
    }),
  );

  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin, {
    // Swagger UI sets its own, stricter-per-page CSP (staticCSP); the API itself returns JSON.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], upgradeInsecureRequests: null } },
  });
  if (options.docs !== false) await app.register(docsPlugin);
  await app.register(authPlugin, options.auth ?? {});
  await app.register(usersPlugin);
  await app.register(definitionsPlugin);
  await app.register(recordsPlugin);
  await app.register(transitionsPlugin);
  await app.register(timelinePlugin);
  await app.register(alertsPlugin);
  await app.register(eventsPlugin);
  await app.register(outboxPlugin);
  await app.register(stockPlugin, options.stock ?? {});
  await app.register(dashboardsPlugin);
  await app.register(savedViewsPlugin);
  await app.register(intakePlugin, options.intake ?? {});
  await app.register(designerPlugin);
  // Last: its catch-all GET hands every other path to the workspace's router.
  if (options.web !== false) await app.register(webPlugin, options.web ?? {});

  app.get('/api/health', { schema: { hide: true, response: { 200: { type: 'object', properties: { ok: { type: 'boolean' }, apps: { type: 'array', items: { type: 'string' } } } } } } }, async () => ({
    ok: true,
    apps: registry.ids(),
  }));

  // A listening server starts the decision thread now, so the first big batch does not wait the
  // ~0.4 s it takes to start (tests that only inject requests never start it unless they need it).
  app.addHook('onListen', async () => decisions.start());
  app.addHook('onClose', async () => {
    await decisions.close();
    await app.outboxDispatcher.stop();
    await messengers.close();
  });
  return app;
}
