import { describe, expect, it } from 'vitest';
import { compileApp } from '../compile/compile-app.ts';
import { decide } from '../decide/decide.ts';
import { baseDefinition } from '../testing/base-definition.ts';
import { ctxAs, envelope, ON_HOLD } from '../testing/records.ts';
import { compiledAction, RecordingContext } from '../testing/recording-context.ts';
import { release } from './release.ts';

describe('release', () => {
  it('releases the hold and emits the release', () => {
    const ctx = new RecordingContext({});
    release.apply(compiledAction(release, { type: 'release' }), ctx);
    expect(ctx.released).toBe(true);
    expect(ctx.effects).toEqual([{ type: 'release' }]);
  });

  it('lets a blockedByHold transition run later in the same decision', () => {
    const def = baseDefinition();
    def.workflows[0]!.transitions.push({ id: 'unhold', from: ['approved'], to: 'approved', label: { 'zh-CN': '解除暂停' }, trigger: 'manual', roles: ['manager'], actions: [{ type: 'release' }, { type: 'run_transition', transition: 'ship' }] });
    const app = compileApp(def, 1);
    const d = decide(app, { kind: 'transition', entity: 'ticket', record: envelope('ticket', { title: 'T', status: 'approved', lines: [] }, ON_HOLD), transition: 'unhold' }, ctxAs(['manager']));
    expect(d.ok && d.steps.map((s) => s.transition)).toEqual(['unhold', 'ship']);
    expect(d.ok && d.hold).toBe(null);
  });
});
