import type { I18NText } from '@statecraft/schema';
import type { CompiledApp } from './compile/compiled-app.ts';
import { decide } from './decide/decide.ts';
import type { Actor, Command, Decision } from './decide/types.ts';
import type { RecordData, RecordEnvelope } from './record.ts';

/** What a step expects; every key is optional, and `data` is a partial match. */
export interface ScenarioExpect {
  state?: string;
  data?: RecordData;
  /** The ENGINE_* code the step must be refused with. */
  error?: string;
  /** Effect types in order, e.g. ["raise_alert", "hold"]. */
  effects?: string[];
  /** Whether the record is on hold after the step. */
  hold?: boolean;
  /** Rules that fired, in order. */
  firedRules?: string[];
}

interface StepBase {
  /** A role id: the actor is `scenario:<role>` with that one role; `system` is a superuser. */
  as: string;
  /** ISO time of the step (default: 2026-01-01T00:00:00Z plus one minute per step). */
  now?: string;
  facts?: Record<string, unknown>;
  expect?: ScenarioExpect;
}

export type ScenarioStep = StepBase &
  (
    | { do: 'create'; entity: string; data: RecordData }
    | { do: 'update'; patch: RecordData }
    | { do: 'transition'; transition: string }
    | { do: 'event'; event: string }
  );

/** A scenario file of templates/<app>/scenarios: steps on one record, each with expectations. */
export interface Scenario {
  id: string;
  description?: I18NText;
  steps: ScenarioStep[];
}

/** One step's outcome, comparable with what the server answers over HTTP for the same step. */
export interface ScenarioStepOutcome {
  index: number;
  do: ScenarioStep['do'];
  ok: boolean;
  /** The record's state after the step (unchanged when refused); null before any record. */
  state: string | null;
  /** The refusal code, or null. */
  error: string | null;
  effects: string[];
  firedRules: string[];
  hold: boolean;
  /** The record's data after the step. */
  data: RecordData | null;
  /** Expectations that did not hold, in words; empty when the step passed. */
  failures: string[];
}

export interface ScenarioResult {
  id: string;
  passed: boolean;
  steps: ScenarioStepOutcome[];
}

const START = Date.parse('2026-01-01T00:00:00Z');
const EXPECT_KEYS = new Set(['state', 'data', 'error', 'effects', 'hold', 'firedRules']);

/** The actor a scenario step acts as: `scenario:<role>` with that role; `system` is a superuser. */
export function scenarioActor(role: string): Actor {
  return role === 'system' ? { id: 'scenario:system', roles: ['system'], superuser: true } : { id: `scenario:${role}`, roles: [role] };
}

/** The time of step `index` (0-based) when the step gives none: one minute apart from 2026-01-01T00:00:00Z. */
export function scenarioNow(step: Pick<ScenarioStep, 'now'>, index: number): string {
  return step.now ?? new Date(START + index * 60_000).toISOString();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `expected` is found in `actual`: objects by their listed keys, arrays item by item, the rest equal. */
export function partialMatch(expected: unknown, actual: unknown): boolean {
  if (isObject(expected)) return isObject(actual) && Object.keys(expected).every((k) => partialMatch(expected[k], actual[k]));
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => partialMatch(e, actual[i]));
  return Object.is(expected, actual) || (expected === null && actual === undefined);
}

/**
 * Checks a step's expectations against its outcome; returns what did not hold. The server's
 * replay over HTTP uses the same function on its own outcomes.
 */
export function checkExpectations(expect: ScenarioExpect | undefined, outcome: Omit<ScenarioStepOutcome, 'failures'>, message?: string): string[] {
  const failures: string[] = [];
  const e = expect ?? {};
  for (const key of Object.keys(e)) if (!EXPECT_KEYS.has(key)) failures.push(`unknown expectation "${key}"`);
  if (e.error !== undefined) {
    if (outcome.ok) failures.push(`expected error ${e.error}, but the step succeeded`);
    else if (outcome.error !== e.error) failures.push(`expected error ${e.error}, got ${outcome.error}${message ? ` (${message})` : ''}`);
  } else if (!outcome.ok) {
    failures.push(`unexpected error ${outcome.error}${message ? `: ${message}` : ''}`);
  }
  if (e.state !== undefined && outcome.state !== e.state) failures.push(`expected state ${e.state}, got ${outcome.state}`);
  if (e.data !== undefined && !partialMatch(e.data, outcome.data ?? {})) {
    const wrong = Object.keys(e.data).filter((k) => !partialMatch(e.data![k], outcome.data?.[k]));
    failures.push(`data differs at ${wrong.map((k) => `${k} (expected ${JSON.stringify(e.data![k])}, got ${JSON.stringify(outcome.data?.[k])})`).join(', ')}`);
  }
  if (e.effects !== undefined && JSON.stringify(e.effects) !== JSON.stringify(outcome.effects)) {
    failures.push(`expected effects ${JSON.stringify(e.effects)}, got ${JSON.stringify(outcome.effects)}`);
  }
  if (e.hold !== undefined && e.hold !== outcome.hold) failures.push(`expected hold ${e.hold}, got ${outcome.hold}`);
  if (e.firedRules !== undefined && JSON.stringify(e.firedRules) !== JSON.stringify(outcome.firedRules)) {
    failures.push(`expected rules ${JSON.stringify(e.firedRules)}, got ${JSON.stringify(outcome.firedRules)}`);
  }
  return failures;
}

function commandOf(step: ScenarioStep, record: RecordEnvelope | undefined): Command | string {
  if (step.do === 'create') return { kind: 'create', entity: step.entity, data: step.data };
  if (!record) return `a "${step.do}" step needs a record: start the scenario with a create step`;
  switch (step.do) {
    case 'update':
      return { kind: 'update', entity: record.entity, record, patch: step.patch };
    case 'transition':
      return { kind: 'transition', entity: record.entity, record, transition: step.transition };
    case 'event':
      return { kind: 'event', entity: record.entity, record, event: step.event };
    default:
      return `unknown step kind "${(step as { do: string }).do}"`;
  }
}

function stateOf(app: CompiledApp, record: RecordEnvelope | undefined): string | null {
  if (!record) return null;
  const field = app.entities.get(record.entity)?.workflow?.stateField;
  return field ? ((record.data[field] as string | undefined) ?? null) : null;
}

/**
 * Replays a scenario against a compiled app, in memory: each step is decided, accepted steps
 * are applied to a simulated record (ids from 1, versions +1 per write), and each step's
 * outcome is checked against its expectations.
 *
 * @example
 * const result = replayScenario(compileApp(definition, 1), JSON.parse(scenarioText));
 * for (const step of result.steps) for (const f of step.failures) console.log(`step ${step.index}: ${f}`);
 */
export function replayScenario(app: CompiledApp, scenario: Scenario): ScenarioResult {
  let record: RecordEnvelope | undefined;
  let nextId = 1;
  const steps: ScenarioStepOutcome[] = scenario.steps.map((step, index) => {
    const now = scenarioNow(step, index);
    const actor = scenarioActor(step.as);
    const command = commandOf(step, record);
    if (typeof command === 'string') {
      const outcome = { index, do: step.do, ok: false, state: stateOf(app, record), error: 'SCENARIO_INVALID_STEP', effects: [], firedRules: [], hold: record?.hold != null, data: record?.data ?? null };
      return { ...outcome, failures: [command] };
    }
    const decision: Decision = decide(app, command, { now, actor, ...(step.facts ? { facts: step.facts } : {}) });
    if (decision.ok) {
      if (command.kind === 'create') {
        record = {
          id: nextId++,
          entity: command.entity,
          version: 1,
          defVersion: app.version,
          createdAt: now,
          updatedAt: now,
          createdBy: actor.id,
          updatedBy: actor.id,
          hold: decision.hold,
          data: decision.data,
        };
      } else {
        record = { ...record!, version: record!.version + 1, updatedAt: now, updatedBy: actor.id, hold: decision.hold, data: decision.data };
      }
    }
    const outcome = {
      index,
      do: step.do,
      ok: decision.ok,
      state: stateOf(app, record),
      error: decision.ok ? null : decision.error.code,
      effects: decision.ok ? decision.effects.map((e) => e.type) : [],
      firedRules: decision.ok ? decision.firedRules : [],
      hold: record?.hold != null,
      data: record?.data ?? null,
    };
    return { ...outcome, failures: checkExpectations(step.expect, outcome, decision.ok ? undefined : decision.error.message) };
  });
  return { id: scenario.id, passed: steps.every((s) => s.failures.length === 0), steps };
}
