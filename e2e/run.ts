/**
 * The e2e runner (`node --import tsx e2e/run.ts [name-filter…]`): builds apps/web when its
 * bundle is missing or older than its sources, then runs each spec in e2e/specs against its own
 * real server process (fresh SQLite file, template installed) and Debian's Chromium. Exits 1 if
 * any spec fails. Screenshots land in e2e/screenshots/.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureWebBuilt } from '../apps/web/ensure-built.ts';
import { CHROMIUM } from './lib/browser.ts';
import { repoRoot, startServer } from './lib/server.ts';
import { specContext, type Spec } from './lib/spec.ts';

const here = join(repoRoot, 'e2e');
const screenshots = join(here, 'screenshots');
mkdirSync(screenshots, { recursive: true });

if (!existsSync(CHROMIUM)) {
  console.error(`Chromium is not at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set STATECRAFT_CHROMIUM).`);
  process.exit(1);
}

ensureWebBuilt();

const only = process.argv.slice(2);
const files = readdirSync(join(here, 'specs')).filter((f) => f.endsWith('.spec.ts')).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
let failed = 0;
for (const file of files) {
  const { spec } = (await import(pathToFileURL(join(here, 'specs', file)).href)) as { spec: Spec };
  const started = Date.now();
  const setup = spec.setup ? await spec.setup() : null;
  const server = await startServer(setup?.env);
  const ctx = specContext(server, screenshots);
  try {
    await spec.run(ctx);
    console.log(`✓ ${spec.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed += 1;
    console.log(`✗ ${spec.name}\n  ${(e as Error).stack ?? e}\n  server output:\n${server.output().split('\n').slice(-30).join('\n')}`);
  } finally {
    await ctx.dispose();
    await server.stop();
    await setup?.close();
  }
}
console.log(`\nscreenshots in e2e/screenshots/\ne2e: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
