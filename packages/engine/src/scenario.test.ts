import { readdirSync, readFileSync } from 'node:fs';
import type { AppDefinition } from '@statecraft/schema';
import { describe, expect, it } from 'vitest';
import { compileApp } from './compile/compile-app.ts';
import { replayScenario, type Scenario } from './scenario.ts';

const TEMPLATE = new URL('../../../templates/ecommerce-oms/', import.meta.url);
const definition = JSON.parse(readFileSync(new URL('definition.json', TEMPLATE), 'utf8')) as AppDefinition;
const scenarioDir = new URL('scenarios/', TEMPLATE);
const files = readdirSync(scenarioDir).filter((f) => f.endsWith('.json')).sort();

describe('OMS template scenarios, replayed in memory', () => {
  const app = compileApp(definition, 1);

  it('has scenarios to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', (file) => {
    const scenario = JSON.parse(readFileSync(new URL(file, scenarioDir), 'utf8')) as Scenario;
    const result = replayScenario(app, scenario);
    const failures = result.steps.flatMap((s) => s.failures.map((f) => `step ${s.index} (${s.do}): ${f}`));
    expect(failures).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.steps).toHaveLength(scenario.steps.length);
  });
});
