import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../app-error.ts';

/** apps/web/dist beside this server (override with STATECRAFT_WEB_DIST). */
export function defaultWebRoot(): string {
  return process.env.STATECRAFT_WEB_DIST ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
}

/**
 * Serves the workspace (apps/web/dist, built by `vite build`) from the API's origin: its files,
 * and index.html for every other GET outside /api and /docs so the browser's router takes the
 * path (a reload on /e/order/42 works). Unknown /api paths keep their JSON 404. Without a build
 * the plugin serves nothing and says so in the log.
 */
export async function webPlugin(app: FastifyInstance, options: { root?: string }) {
  const root = options.root ?? defaultWebRoot();
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'apps/web is not built (no index.html): the workspace is not served; run `pnpm --filter @statecraft/web build`');
    return;
  }
  // wildcard: false registers a route per built file, which leaves "/*" for the SPA fallback.
  await app.register(fastifyStatic, { root, wildcard: false, index: false, cacheControl: false });
  app.get('/assets/*', { schema: { hide: true } }, async (request) => {
    throw notFound(request.url);
  });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (path.startsWith('/api/') || path === '/api' || path.startsWith('/docs')) throw notFound(path);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

function notFound(path: string): AppError {
  return new AppError('HTTP_NOT_FOUND', 404, `No route GET ${path}.`, { hint: 'See /docs for the routes.' });
}
