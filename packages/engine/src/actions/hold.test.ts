import { describe, expect, it } from 'vitest';
import { compileApp } from '../compile/compile-app.ts';
import { decide } from '../decide/decide.ts';
import { baseDefinition } from '../testing/base-definition.ts';
import { ctxAs, envelope } from '../testing/records.ts';
import { compiledAction, RecordingContext } from '../testing/recording-context.ts';
import { hold } from './hold.ts';

describe('hold', () => {
  it('puts the record on hold and emits the hold with its reason', () => {
    const ctx = new RecordingContext({ title: 'T1' });
    hold.apply(compiledAction(hold, { type: 'hold', reason: { 'zh-CN': '地址可疑：{{title}}', en: 'Suspicious address: {{title}}' } }), ctx);
    expect(ctx.held).toEqual({ 'zh-CN': '地址可疑：T1', en: 'Suspicious address: T1' });
    expect(ctx.effects).toEqual([{ type: 'hold', reason: { 'zh-CN': '地址可疑：T1', en: 'Suspicious address: T1' } }]);
  });

  it('makes $record.hold visible to later expressions of the same decision', () => {
    const def = baseDefinition();
    const submit = def.workflows[0]!.transitions[0]!;
    submit.actions = [
      { type: 'hold', reason: { 'zh-CN': '复核' } },
      { type: 'set_field', field: 'note', value: { if: [{ var: '$record.hold' }, 'held', 'free'] } },
    ];
    const app = compileApp(def, 1);
    const c = decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T', lines: [{ sku: 'a', qty: 1 }] } }, ctxAs(['agent']));
    if (!c.ok) throw new Error(c.error.message);
    const d = decide(app, { kind: 'transition', entity: 'ticket', record: envelope('ticket', c.data), transition: 'submit' }, ctxAs(['agent'], '2026-05-01T00:00:00.000Z'));
    expect(d.ok && d.data.note).toBe('held');
    expect(d.ok && d.hold).toEqual({ reason: { 'zh-CN': '复核' }, at: '2026-05-01T00:00:00.000Z', by: 'u:agent' });
  });
});
