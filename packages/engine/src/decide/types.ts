import type { I18NText, Problem } from '@statecraft/schema';
import type { Effect } from '../actions/effect.ts';
import type { RecordData, RecordEnvelope, RecordHold } from '../record.ts';

/** What a caller asks the engine to decide (docs/architecture.md). */
export type Command =
  | { kind: 'create'; entity: string; data: RecordData }
  | { kind: 'update'; entity: string; record: RecordEnvelope; patch: RecordData }
  | { kind: 'transition'; entity: string; record: RecordEnvelope; transition: string }
  | { kind: 'event'; entity: string; record: RecordEnvelope; event: string };

/** Who acts, and when: passed in, never read from a clock. */
export interface Actor {
  id: string;
  roles: string[];
  /** Always allowed, whatever the roles (also true when one of the roles is a superuser role). */
  superuser?: boolean;
}

export interface Ctx {
  /** ISO 8601 UTC; `$now` in expressions. */
  now: string;
  actor: Actor;
  /** Facts the server computed before deciding (e.g. a buyer's recent order count); `$facts`. */
  facts?: Record<string, unknown>;
}

/** One transition taken during a decision. */
export interface Step {
  transition: string;
  from: string;
  to: string;
  /** How it fired: by the command (manual or event), or by itself (automatic, run_transition). */
  trigger: 'manual' | 'automatic' | 'event';
}

/** Why a decision was refused: a stable ENGINE_* code, an English message, zh-CN and en texts. */
export interface DecisionError {
  code: string;
  message: string;
  hint?: string;
  /** The message for people, in zh-CN and en. */
  i18n: I18NText;
  /** The transition refused (guard, role, hold, state…), when there is one. */
  transition?: string;
  /** ENGINE_AUTOMATIC_LIMIT: the transitions of the chain that did not stop. */
  transitions?: string[];
}

export type Decision =
  | {
      ok: true;
      /** The record's whole data after the decision (state field included). */
      data: RecordData;
      steps: Step[];
      /** In the order the actions ran. */
      effects: Effect[];
      /** Rules whose condition held, in the order they ran. */
      firedRules: string[];
      /** The record's hold after the decision (hold and release effects already applied). */
      hold: RecordHold | null;
    }
  | { ok: false; error: DecisionError; problems?: Problem[] };
