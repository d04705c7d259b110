import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_PASSWORD = 'e2e-Admin-Passw0rd!';
export const DEMO_PASSWORD = 'e2e-Demo-Passw0rd!';

export interface RunningServer {
  url: string;
  /** Everything the server printed, for failure reports. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/**
 * Starts the real server (apps/server/src/server.ts) as its own process on a free port, with a
 * fresh SQLite file: on first start it installs the OMS template, its users (admin and one demo
 * user per role with the passwords above) and demo records; `extraEnv` adds to (or overrides)
 * its environment. Resolves once /api/health answers.
 */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'statecraft-e2e-'));
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/server.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'statecraft.db')}`,
      STATECRAFT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      STATECRAFT_DEMO_PASSWORD: DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
      // The specs need no platform sandboxes; fixed ports would clash with a running `npm start`.
      STATECRAFT_WMS_URL: 'off',
      STATECRAFT_WMS_SANDBOX: '0',
      STATECRAFT_MESSENGER_SANDBOXES: '0',
      STATECRAFT_CHANNEL_SANDBOXES: '0',
      STATECRAFT_INTAKE_TICK_MS: '0',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += String(d)));
  child.stderr!.on('data', (d) => (log += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Bounded wait for the process to answer (tsx compiles on first start).
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, output: () => log, stop };
}
