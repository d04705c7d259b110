import type { AppDefinition, Entity, Field, I18NText, Problem, Rule, State, Transition } from '@statecraft/schema';
import type { CompiledAction } from '../actions/action-handler.ts';
import type { Language } from '../actions/render-message.ts';
import type { Evaluate } from '../logic/evaluator.ts';
import type { OperatorRegistry } from '../logic/registry.ts';

/** A field ready for deciding: its checks, default, computation and formatting built once. */
export interface CompiledField {
  readonly id: string;
  readonly def: Field;
  readonly required: boolean;
  /** Not patchable by update: readOnly fields and computed fields. */
  readonly readOnly: boolean;
  /** A fresh default value (arrays are copied), or null. */
  defaultValue(): unknown;
  /** Checks a value (required, type, limits); appends problems with `path`. */
  check(value: unknown, path: string, problems: Problem[]): void;
  /** Computed fields: the expression and the cast to its result type. */
  readonly compute?: Evaluate;
  readonly castResult?: (value: unknown) => unknown;
  /** The value as a person reads it in a message: money in yuan, an enum's label… */
  format(value: unknown, language: Language): string;
  /** Lines fields: the line entity. */
  readonly lineEntity?: string;
}

export interface CompiledTransition {
  readonly id: string;
  readonly def: Transition;
  readonly label: I18NText;
  readonly from: ReadonlySet<string>;
  readonly to: string;
  readonly trigger: Transition['trigger'];
  readonly guard?: Evaluate;
  /** Undefined: anyone may fire it. */
  readonly roles?: ReadonlySet<string>;
  readonly blockedByHold: boolean;
  readonly actions: readonly CompiledAction[];
  /** JSON pointer of the transition in the definition. */
  readonly path: string;
}

export interface CompiledWorkflow {
  readonly id: string;
  readonly stateField: string;
  readonly initial: string;
  readonly maxAutomaticSteps: number;
  readonly states: ReadonlyMap<string, State>;
  readonly transitions: ReadonlyMap<string, CompiledTransition>;
  /** Transitions leaving each state, in definition order. */
  readonly leaving: ReadonlyMap<string, readonly CompiledTransition[]>;
  /** Automatic transitions leaving each state, in definition order. */
  readonly automatic: ReadonlyMap<string, readonly CompiledTransition[]>;
  /** Event transitions by event name, in definition order. */
  readonly events: ReadonlyMap<string, readonly CompiledTransition[]>;
}

export interface CompiledRule {
  readonly id: string;
  readonly def: Rule;
  readonly transition?: string;
  readonly state?: string;
  readonly condition: Evaluate;
  readonly actions: readonly CompiledAction[];
  readonly path: string;
}

export interface CompiledEntity {
  readonly id: string;
  readonly def: Entity;
  readonly fields: ReadonlyMap<string, CompiledField>;
  readonly fieldList: readonly CompiledField[];
  /** The keys of a record's data, in a fixed order: its fields, then the state field. */
  readonly recordKeys: readonly string[];
  /** Computed fields in dependency order (a field after the computed fields it reads). */
  readonly computed: readonly CompiledField[];
  readonly workflow?: CompiledWorkflow;
  /** Enabled rules by the event they run on, in definition order. */
  readonly rules: { readonly created: readonly CompiledRule[]; readonly updated: readonly CompiledRule[]; readonly transition: readonly CompiledRule[] };
  /** Roles allowed to create / update records (undefined: every role). */
  readonly createRoles?: ReadonlySet<string>;
  readonly updateRoles?: ReadonlySet<string>;
}

/**
 * A published definition compiled for deciding: maps instead of arrays, every json-logic
 * expression compiled once, every field's checks built once. Immutable; share it between calls.
 */
export interface CompiledApp {
  readonly version: number;
  readonly definition: AppDefinition;
  readonly operators: OperatorRegistry;
  readonly entities: ReadonlyMap<string, CompiledEntity>;
  /** Roles declared with `superuser: true`. */
  readonly superuserRoles: ReadonlySet<string>;
}
