import { describe, expect, it } from 'vitest';
import { compileApp } from '../compile/compile-app.ts';
import { decide } from '../decide/decide.ts';
import { baseDefinition } from '../testing/base-definition.ts';
import { ctxAs, envelope } from '../testing/records.ts';
import { compiledAction, RecordingContext } from '../testing/recording-context.ts';
import { runTransition } from './run_transition.ts';

describe('run_transition', () => {
  it('queues the transition for after the current step', () => {
    const ctx = new RecordingContext({});
    runTransition.apply(compiledAction(runTransition, { type: 'run_transition', transition: 'ship' }), ctx);
    expect(ctx.queued).toEqual(['ship']);
  });

  it('fires the transition when it is allowed then, and skips it when it is not', () => {
    const def = baseDefinition();
    def.workflows[0]!.transitions.find((t) => t.id === 'auto_approve')!.actions!.push({ type: 'run_transition', transition: 'ship' });
    def.workflows[0]!.transitions.find((t) => t.id === 'ship')!.guard = { '!=': [{ var: 'priority' }, 'low'] };
    const app = compileApp(def, 1);
    const agent = ctxAs(['agent']);
    const record = (priority: string) => {
      const c = decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T', priority, lines: [{ sku: 'a', qty: 1 }] } }, agent);
      if (!c.ok) throw new Error(c.error.message);
      return envelope('ticket', c.data);
    };
    const shipped = decide(app, { kind: 'transition', entity: 'ticket', record: record('high'), transition: 'submit' }, agent);
    expect(shipped.ok && shipped.steps.map((s) => `${s.transition}:${s.trigger}`)).toEqual(['submit:manual', 'auto_approve:automatic', 'ship:automatic']);
    // the guard of ship is false for a low-priority ticket: the chain stops at approved, without error
    const stopped = decide(app, { kind: 'transition', entity: 'ticket', record: record('low'), transition: 'submit' }, agent);
    expect(stopped.ok && stopped.data.status).toBe('approved');
  });
});
