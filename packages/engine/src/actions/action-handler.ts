import type { Action, I18NText } from '@statecraft/schema';
import type { Evaluate } from '../logic/evaluator.ts';
import type { EmittedEffect } from './effect.ts';

/** An action of the definition with its json-logic expressions compiled (once, by compileApp). */
export interface CompiledAction<A extends Action = Action> {
  readonly def: A;
  /** JSON pointer of the action in the definition, for error messages. */
  readonly path: string;
  /** The action's expressions by name, as the handler's `expressions()` listed them. */
  readonly expressions: Readonly<Record<string, Evaluate>>;
}

/**
 * What an action may do to the decision being made. The decision implements it; actions see
 * nothing else (no clock, no database): that keeps every action pure and testable.
 */
export interface ActionContext {
  /** Evaluates a compiled expression over the record as it is now (`where` names it in errors). */
  evaluate(expression: Evaluate, where: string): unknown;
  /** Sets a field of the record being decided. */
  setField(field: string, value: unknown): void;
  /** Adds an effect for the server, after the ones already emitted. */
  emit(effect: EmittedEffect): void;
  /** Puts the record on hold from now on: later blockedByHold transitions in this decision refuse. */
  hold(reason: I18NText): void;
  /** Releases the record's hold. */
  release(): void;
  /** Fires that transition after the current step, if it is allowed then. */
  runTransition(transition: string): void;
  /** Fills {{field_id}} placeholders from the record, in every language. */
  render(text: I18NText): I18NText;
}

/**
 * One action type: `src/actions/<type>.ts` exports one of these. Adding an action type means a
 * schema fragment in schemas/actions, a handler here, and its test.
 */
export interface ActionHandler<A extends Action = Action> {
  readonly type: A['type'];
  /** The json-logic expressions inside the action, by name; compiled once by compileApp. */
  expressions?(action: A): Record<string, unknown>;
  apply(action: CompiledAction<A>, ctx: ActionContext): void;
}
