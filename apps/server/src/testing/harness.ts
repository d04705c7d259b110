import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openTestStore, type TestStore } from '@statecraft/store/testing';
import type { Dialect } from '@statecraft/store';
import { build, type BuildOptions } from '../app.ts';
import { installTemplate, type InstallOptions, type InstallResult } from '../installer.ts';

export const ADMIN_PASSWORD = 'admin-Passw0rd!';
export const DEMO_PASSWORD = 'demo-Passw0rd!';

/** A clock tests move by hand: no sleeps, no wall time. */
export class TestClock {
  private current: number;
  constructor(start = '2024-11-11T08:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now = (): Date => new Date(this.current);
  set(iso: string): void {
    this.current = new Date(iso).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface Harness {
  app: FastifyInstance;
  test: TestStore;
  clock: TestClock;
  installed: InstallResult | null;
  /** Signs in and returns the Cookie header value. */
  login(username: string, password?: string): Promise<string>;
  /** inject with a cookie or a bearer token. */
  as(auth: string | undefined, request: InjectRequest): Promise<LightMyRequestResponse>;
  dispose(): Promise<void>;
}

export interface InjectRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

/**
 * A server on an isolated database of the given dialect, with a hand-moved clock and cheap
 * password hashing; the OMS template installed (without demo records unless asked).
 */
export async function openHarness(
  dialect: Dialect,
  options: { install?: InstallOptions | false; build?: Partial<BuildOptions> } = {},
): Promise<Harness> {
  const test = await openTestStore(dialect);
  const clock = new TestClock();
  const app = await build({
    store: test.store,
    now: clock.now,
    docs: false,
    ...options.build,
    auth: { passwordCost: 1024, ...options.build?.auth },
  });
  const installed =
    options.install === false
      ? null
      : await installTemplate(app, { adminPassword: ADMIN_PASSWORD, demoPassword: DEMO_PASSWORD, records: false, ...options.install });
  const harness: Harness = {
    app,
    test,
    clock,
    installed,
    async login(username, password) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: password ?? (username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD) } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'sc_session');
      return `sc_session=${cookie!.value}`;
    },
    as(auth, request) {
      const headers: Record<string, string> = { ...request.headers };
      if (auth?.startsWith('sc_session=')) headers.cookie = auth;
      else if (auth) headers.authorization = `Bearer ${auth}`;
      return app.inject({ method: request.method, url: request.url, headers, ...(request.payload !== undefined ? { payload: request.payload as object } : {}) });
    },
    async dispose() {
      await app.close();
      await test.dispose();
    },
  };
  return harness;
}
