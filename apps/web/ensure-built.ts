import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));

function newestMtime(path: string): number {
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Builds the web app (vite) when dist/ is missing or older than its sources, for the scripts that
 * serve it (the e2e runner, the designer bench); `npm start` and `npm test` do the same in
 * scripts/bootstrap.mjs.
 */
export function ensureWebBuilt(): void {
  const built = join(web, 'dist/index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(newestMtime(join(web, 'src')), newestMtime(join(web, 'index.html')))) return;
  console.log('building apps/web …');
  execFileSync(process.execPath, [join(web, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
}
