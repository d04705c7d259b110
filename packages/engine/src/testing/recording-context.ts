import type { Action, I18NText } from '@statecraft/schema';
import type { ActionContext, ActionHandler, CompiledAction } from '../actions/action-handler.ts';
import type { EmittedEffect } from '../actions/effect.ts';
import { renderMessage } from '../actions/render-message.ts';
import { compileLogic } from '../logic/compile.ts';
import type { RecordData } from '../record.ts';

/** An ActionContext that records what an action does, over plain data: for action unit tests. */
export class RecordingContext implements ActionContext {
  readonly effects: EmittedEffect[] = [];
  readonly queued: string[] = [];
  held: I18NText | null = null;
  released = false;

  constructor(readonly data: RecordData) {}

  evaluate(expression: (data: unknown) => unknown): unknown {
    return expression(this.data);
  }
  setField(field: string, value: unknown): void {
    this.data[field] = value;
  }
  emit(effect: EmittedEffect): void {
    this.effects.push(effect);
  }
  hold(reason: I18NText): void {
    this.held = reason;
  }
  release(): void {
    this.released = true;
  }
  runTransition(transition: string): void {
    this.queued.push(transition);
  }
  render(text: I18NText): I18NText {
    return renderMessage(text, (name) => (Object.hasOwn(this.data, name) ? String(this.data[name] ?? '') : undefined));
  }
}

/** Compiles an action's expressions the way compileApp does, for a handler under test. */
export function compiledAction<A extends Action>(handler: ActionHandler<A>, def: A): CompiledAction<A> {
  const expressions: Record<string, (data: unknown) => unknown> = {};
  for (const [name, expression] of Object.entries(handler.expressions?.(def) ?? {})) expressions[name] = compileLogic(expression);
  return { def, path: '/rules/0/actions/0', expressions };
}
