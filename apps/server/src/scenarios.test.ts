import { compileApp, replayScenario, scenarioNow, type ScenarioStep } from '@statecraft/engine';
import { testStores } from '@statecraft/store/testing';
import { definition, scenarios } from '@statecraft/template-oms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from './testing/harness.ts';

const APP = 'ecommerce_oms';
const engineApp = compileApp(definition, 1);
const roles = definition.roles.map((r) => r.id);

interface Outcome {
  ok: boolean;
  state: string | null;
  error: string | null;
  effects: string[];
  firedRules: string[];
  hold: boolean;
  data: Record<string, unknown> | null;
}

/** Line ids are assigned by the database; the engine's in-memory replay has none. */
function comparable(data: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!data) return null;
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([lk]) => lk !== 'id')) : x)) : v]),
  );
}

describe.each(await testStores())('scenarios replayed through HTTP on %s', (dialect) => {
  let h: Harness;
  const auth = new Map<string, string>();
  // The facts a step declares stand in for the ones the server would compute from the database
  // (the engine's replay uses the same); steps without facts get the server's own.
  let stepFacts: Record<string, unknown> | undefined;

  beforeAll(async () => {
    // Scenario clocks jump between 2024 and 2026: sessions must outlive them.
    h = await openHarness(dialect, { build: { auth: { sessionTtlMs: 20 * 365 * 86_400_000 }, testHooks: { facts: () => stepFacts } } });
    const admin = await h.login('admin');
    // One user per role, holding only that role; `system` is an integration token of a superuser.
    for (const role of roles) {
      const res = await h.as(admin, { method: 'POST', url: '/api/users', payload: { username: `sc_${role}`, displayName: role, roles: [role], password: 'scenario-pw-1' } });
      expect(res.statusCode).toBe(201);
      auth.set(role, await h.login(`sc_${role}`, 'scenario-pw-1'));
    }
    const token = await h.as(admin, { method: 'POST', url: '/api/tokens', payload: { name: 'scenario-system', roles: ['admin'] } });
    expect(token.statusCode).toBe(201);
    auth.set('system', token.json().token);
  });
  afterAll(() => h.dispose());

  async function run(step: ScenarioStep, record: { entity: string; id: number; version: number } | null) {
    const who = auth.get(step.as);
    if (!who) throw new Error(`no user for role ${step.as}`);
    const base = `/api/apps/${APP}/records`;
    switch (step.do) {
      case 'create':
        return h.as(who, { method: 'POST', url: `${base}/${step.entity}`, payload: { data: step.data } });
      case 'update':
        return h.as(who, { method: 'PATCH', url: `${base}/${record!.entity}/${record!.id}`, payload: { version: record!.version, data: step.patch } });
      case 'transition':
        return h.as(who, { method: 'POST', url: `${base}/${record!.entity}/${record!.id}/transitions/${step.transition}`, payload: { version: record!.version } });
      case 'event':
        return h.as(who, { method: 'POST', url: `${base}/${record!.entity}/${record!.id}/events/${step.event}`, payload: { version: record!.version } });
    }
  }

  it.each(scenarios.map((s) => [s.id, s] as const))('%s ends like the engine’s replay', async (_id, scenario) => {
    // Each scenario starts from an empty app: its order numbers are unique only within it.
    for (const table of ['e_order_line', 'e_order']) await h.test.store.knex(table).delete();
    const expected = replayScenario(engineApp, scenario as never);
    const admin = auth.get('system')!;
    let record: { entity: string; id: number; version: number; data: Record<string, unknown>; hold: unknown } | null = null;
    const outcomes: Outcome[] = [];
    for (const [index, step] of (scenario.steps as ScenarioStep[]).entries()) {
      h.clock.set(scenarioNow(step, index));
      stepFacts = step.facts;
      const res = await run(step, record);
      const body = res.json();
      if (res.statusCode < 300) {
        record = body.record;
        outcomes.push({ ok: true, state: (record!.data.status as string) ?? null, error: null, effects: body.effects.map((e: { type: string }) => e.type), firedRules: body.firedRules, hold: record!.hold !== null, data: comparable(record!.data) });
      } else {
        expect(res.statusCode, `${scenario.id} step ${index}: ${res.body}`).toBeLessThan(500);
        // A refused step leaves the record exactly as it was.
        if (record) {
          const reread = await h.as(admin, { method: 'GET', url: `/api/apps/${APP}/records/${record.entity}/${record.id}` });
          expect(reread.json().version).toBe(record.version);
        }
        outcomes.push({ ok: false, state: (record?.data.status as string) ?? null, error: body.error.code, effects: [], firedRules: [], hold: record ? record.hold !== null : false, data: comparable(record?.data ?? null) });
      }
    }
    expect(outcomes).toEqual(expected.steps.map(({ ok, state, error, effects, firedRules, hold, data }) => ({ ok, state, error, effects, firedRules, hold, data: comparable(data) })));
  });
});
