import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';

describe.each(await testStores())('OpenAPI docs on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(dialect, { build: { docs: true }, install: { records: false } });
  });
  afterAll(() => h.dispose());

  it('lists every API route with its schemas at /docs/json', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'GET /api/auth/me',
        'GET /api/users',
        'POST /api/users',
        'PATCH /api/users/{id}',
        'POST /api/tokens',
        'GET /api/apps',
        'GET /api/apps/{app}/definition',
        'PUT /api/apps/{app}/definition/draft',
        'POST /api/apps/{app}/definition/publish',
        'POST /api/definitions/validate',
        'GET /api/apps/{app}/records/{entity}',
        'GET /api/apps/{app}/records/{entity}/count',
        'POST /api/apps/{app}/records/{entity}',
        'GET /api/apps/{app}/records/{entity}/{id}',
        'PATCH /api/apps/{app}/records/{entity}/{id}',
        'DELETE /api/apps/{app}/records/{entity}/{id}',
        'GET /api/apps/{app}/records/{entity}/{id}/transitions',
        'POST /api/apps/{app}/records/{entity}/{id}/transitions/{transition}',
        'POST /api/apps/{app}/records/{entity}/bulk/transitions/{transition}',
        'POST /api/apps/{app}/records/{entity}/{id}/events/{event}',
        'GET /api/apps/{app}/records/{entity}/{id}/timeline',
        'GET /api/apps/{app}/alerts',
        'POST /api/apps/{app}/alerts/{id}/acknowledge',
        'GET /api/outbox',
        'POST /api/outbox/{id}/retry',
      ]),
    );
    // Every route declares its responses, errors included.
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      for (const [method, op] of Object.entries(ops)) expect(Object.keys(op.responses), `${method} ${path}`).toContain('4XX');
    }
    // Definition bodies use the bundled app schema, by its $id.
    expect(doc.paths['/api/definitions/validate'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/AppDefinition');
    expect(doc.components.schemas.AppDefinition.title).toBe('AppDefinition');
  });

  it('serves Swagger UI from this server (no CDN)', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    const bundle = await h.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });
});
