import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testStores } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';

describe.each(await testStores())('the workspace bundle on %s', (dialect) => {
  let h: Harness;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'statecraft-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets/index-abc.js'), 'console.log(1)');
    h = await openHarness(dialect, { install: false, build: { web: { root } } });
  });
  afterAll(async () => {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the built files, and index.html for the browser router’s paths', async () => {
    const js = await h.app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    for (const url of ['/', '/e/order/42', '/dashboards/ops_overview?x=1']) {
      const page = await h.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('<div id="root">');
    }
  });

  it('keeps JSON 404s for unknown API paths and missing assets', async () => {
    for (const url of ['/api/nope', '/assets/missing.js']) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('HTTP_NOT_FOUND');
    }
  });
});
