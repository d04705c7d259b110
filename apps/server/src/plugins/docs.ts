import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { APP_SCHEMA_ID } from '@statecraft/schema';

/** OpenAPI names for the shared schemas (component names may not contain ':' or '/'). */
function componentName(json: { $id?: string }, i: number): string {
  if (json.$id === APP_SCHEMA_ID) return 'AppDefinition';
  if (json.$id && /^[A-Za-z0-9._-]+$/.test(json.$id)) return json.$id;
  return `def-${i}`;
}

/**
 * OpenAPI 3 generated from the route schemas, at `/docs/json`, and Swagger UI at `/docs`. The UI's
 * files are served by this server (no CDN), with a CSP that allows exactly them.
 */
export const docsPlugin = fp(
  async function docs(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Statecraft API',
          description:
            'Apps are JSON definitions (entities, workflows, rules) interpreted against records. ' +
            'Log in with POST /api/auth/login (session cookie) or send `Authorization: Bearer <API token>`. ' +
            'Every error is `{ error: { code, message, hint?, problems? } }`; the codes are listed in docs/errors.md.',
          version: '0.1.0',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'sc_session' },
            bearer: { type: 'http', scheme: 'bearer' },
          },
        },
        security: [{ session: [] }, { bearer: [] }],
        tags: [
          { name: 'auth', description: 'Log in, sessions, API tokens, users' },
          { name: 'definitions', description: 'App definitions: drafts, validation, publishing' },
          { name: 'records', description: 'Records of an entity' },
          { name: 'transitions', description: 'Workflow transitions and events' },
          { name: 'timeline', description: 'The audit trail of a record' },
          { name: 'alerts', description: 'Alerts raised by rules' },
          { name: 'outbox', description: 'Outgoing HTTP requests and notifications' },
        ],
      },
      refResolver: { buildLocalReference: (json, _base, _fragment, i) => componentName(json as { $id?: string }, i) },
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      // Served over plain http on a LAN too: upgrading its asset requests to https would break it.
      transformStaticCSP: (header: string) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
      uiConfig: { docExpansion: 'list', deepLinking: true },
    });
  },
  { name: 'statecraft-docs' },
);
