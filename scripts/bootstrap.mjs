#!/usr/bin/env node
// The README's two commands. `npm start` and `npm test` must work on a fresh machine that has
// only Node 20 and npm: install pnpm if missing, install the workspace (native builds included),
// then run. Plain Node (no dependencies) because nothing is installed when it starts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '10.34.9';
const command = process.argv[2];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: process.env, ...opts });
  if (r.error) return { status: 127, error: r.error };
  return r;
}

function must(cmd, args, what) {
  const r = run(cmd, args);
  if (r.status !== 0) {
    console.error(`\n✗ ${what} failed (${cmd} ${args.join(' ')} exited ${r.status ?? r.error}).`);
    process.exit(r.status || 1);
  }
}

let pnpm = ['pnpm'];
function ensurePnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.startsWith('10.')) return;
  console.log(`• installing pnpm ${PNPM_VERSION} (npm i -g)`);
  if (run('npm', ['i', '-g', `pnpm@${PNPM_VERSION}`]).status === 0) return;
  console.log('• global install refused; using npx');
  pnpm = ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

function pn(args, what) {
  must(pnpm[0], [...pnpm.slice(1), ...args], what);
}

function install() {
  ensurePnpm();
  const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  pn(['install', ...frozen, '--reporter=append-only'], 'installing the workspace');
}

function reachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function ensurePostgres() {
  const url = new URL(process.env.STATECRAFT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  process.env.STATECRAFT_TEST_PG_URL = url.toString();
  const port = Number(url.port || 5432);
  if (await reachable(url.hostname, port)) return true;
  if (existsSync('/etc/postgresql')) {
    console.log('• PostgreSQL is down; starting the local cluster');
    const versions = spawnSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).stdout.trim().split('\n');
    for (const v of versions) run('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'start']);
    for (let i = 0; i < 20; i++) {
      if (await reachable(url.hostname, port)) return true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return false;
}

/** The web bundle is built when missing or older than its sources (vite, a few seconds). */
function buildWeb() {
  const web = join(root, 'apps/web');
  const built = join(web, 'dist/index.html');
  const newest = (dir) => {
    let n = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      n = Math.max(n, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return n;
  };
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(newest(join(web, 'src')), statSync(join(web, 'index.html')).mtimeMs)) return;
  pn(['--filter', '@statecraft/web', 'build'], 'building the web app');
}

/** True when fontconfig knows a Chinese font (without one Chromium draws 汉字 as boxes in the screenshots). */
function hasCjkFont() {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return r.status !== 0 || r.stdout.trim() !== ''; // no fontconfig: nothing to check
}

/** End-to-end tests drive Debian's Chromium; install it (and a CJK font) when missing and we may (root, apt). */
function ensureChromium() {
  const chromium = process.env.STATECRAFT_CHROMIUM ?? '/usr/bin/chromium';
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (existsSync(chromium)) {
    if (!hasCjkFont() && root && existsSync('/usr/bin/apt-get')) {
      console.log('• installing a Chinese font for the end-to-end screenshots (apt-get install -y fonts-noto-cjk)');
      must('apt-get', ['install', '-y', '-qq', 'fonts-noto-cjk'], 'installing fonts-noto-cjk');
    }
    return;
  }
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log('• installing Debian\'s Chromium for the end-to-end tests (apt-get install -y chromium)');
    must('apt-get', ['update', '-qq'], 'apt-get update');
    must('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], 'installing chromium');
    return;
  }
  console.error(`✗ Chromium is not at ${chromium}. Install it (\`apt-get install -y chromium\`) or set STATECRAFT_CHROMIUM.`);
  process.exit(1);
}

async function main() {
  switch (command) {
    case 'start': {
      install();
      buildWeb();
      must('node', ['--import', 'tsx', 'apps/server/src/server.ts'], 'the server');
      break;
    }
    case 'test': {
      install();
      const pg = await ensurePostgres();
      if (!pg) {
        if (process.env.STATECRAFT_REQUIRE_PG === '1') {
          console.error(`✗ PostgreSQL is required but unreachable at ${process.env.STATECRAFT_TEST_PG_URL}`);
          process.exit(1);
        }
        console.warn(`! PostgreSQL unreachable at ${process.env.STATECRAFT_TEST_PG_URL}: its half of the store and server tests is skipped`);
      }
      pn(['--filter', '@statecraft/schema', 'gen:check'], 'checking generated files against schemas/');
      pn(['exec', 'tsc', '-p', 'tsconfig.check.json'], 'typechecking');
      // The intake's volume must-show (issue #4): 100,000 orders on SQLite (about 6 minutes on two
      // cores), a smaller run on PostgreSQL.
      process.env.STATECRAFT_INTAKE_VOLUME ??= '100000';
      process.env.STATECRAFT_INTAKE_VOLUME_PG ??= '5000';
      pn(['exec', 'vitest', 'run'], 'unit, store and server tests');
      ensureChromium();
      buildWeb();
      pn(['--filter', '@statecraft/e2e', 'test'], 'end-to-end tests in Chromium');
      break;
    }
    case 'bench': {
      install();
      await ensurePostgres();
      must('node', ['--import', 'tsx', 'bench/run.ts'], 'the benchmarks');
      break;
    }
    default:
      console.error('usage: node scripts/bootstrap.mjs start|test|bench');
      process.exit(2);
  }
}

await main();
