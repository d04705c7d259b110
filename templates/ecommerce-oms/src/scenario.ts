import type { I18NText } from '@statecraft/schema';

/**
 * The format of `scenarios/*.json`: a story told as steps, replayed both through the engine
 * (`decide()`) and through the HTTP API; both replays must end in the same states.
 */
export interface Scenario {
  /** Equal to the file name without `.json`. */
  id: string;
  description: I18NText;
  steps: ScenarioStep[];
}

/** What a step must produce. Absent keys are not checked. */
export interface ScenarioExpect {
  /** The record's state after the step. */
  state?: string;
  /** A partial match on the record's data after the step. */
  data?: Record<string, unknown>;
  /** The effect types the step produced, in order (`[]` = none). */
  effects?: string[];
  /** The engine error code the step fails with; the record is left unchanged. */
  error?: string;
  /** Whether the record is on hold after the step. */
  hold?: boolean;
  /** The rules whose condition held, in order. */
  firedRules?: string[];
}

interface StepBase {
  /** A role id of the definition, or `system` for a superuser actor (connectors, the scheduler). */
  as: string;
  /** The clock for this step (ISO 8601); the runner chooses one when absent. */
  now?: string;
  /** Facts the server would compute before deciding (`$facts` in expressions). */
  facts?: Record<string, unknown>;
  expect?: ScenarioExpect;
}

/** Creates a record; the following steps act on it. */
export interface CreateStep extends StepBase {
  do: 'create';
  entity: string;
  data: Record<string, unknown>;
}

/** Patches the current record. */
export interface UpdateStep extends StepBase {
  do: 'update';
  patch: Record<string, unknown>;
}

/** Fires a transition of the current record by hand. */
export interface TransitionStep extends StepBase {
  do: 'transition';
  transition: string;
}

/** Delivers a named event (e.g. `channel.paid`) to the current record. */
export interface EventStep extends StepBase {
  do: 'event';
  event: string;
}

export type ScenarioStep = CreateStep | UpdateStep | TransitionStep | EventStep;

/** The actor id scenarios use for the superuser. */
export const SYSTEM_ACTOR = 'system';
