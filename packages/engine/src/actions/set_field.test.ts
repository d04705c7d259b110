import { describe, expect, it } from 'vitest';
import { compileApp } from '../compile/compile-app.ts';
import { decide } from '../decide/decide.ts';
import { baseDefinition } from '../testing/base-definition.ts';
import { ctxAs, envelope } from '../testing/records.ts';
import { compiledAction, RecordingContext } from '../testing/recording-context.ts';
import { setField } from './set_field.ts';

describe('set_field', () => {
  it('writes the evaluated value into the field', () => {
    const ctx = new RecordingContext({ qty: 3, price: 990 });
    setField.apply(compiledAction(setField, { type: 'set_field', field: 'note', value: { cat: ['x', { var: 'qty' }] } }), ctx);
    expect(ctx.data.note).toBe('x3');
    expect(ctx.effects).toEqual([]);
  });

  it('takes a literal as a value', () => {
    const ctx = new RecordingContext({});
    setField.apply(compiledAction(setField, { type: 'set_field', field: 'flag', value: true }), ctx);
    expect(ctx.data.flag).toBe(true);
  });

  it('changes the decision\'s data, recomputing computed fields', () => {
    const def = baseDefinition();
    def.workflows[0]!.transitions[0]!.actions = [{ type: 'set_field', field: 'fee', value: 700 }];
    const app = compileApp(def, 1);
    const created = decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T', lines: [{ sku: 'a', qty: 1, price: 20000 }] } }, ctxAs(['agent']));
    if (!created.ok) throw new Error(created.error.message);
    const d = decide(app, { kind: 'transition', entity: 'ticket', record: envelope('ticket', created.data), transition: 'submit' }, ctxAs(['agent']));
    expect(d.ok && d.data).toMatchObject({ fee: 700, total: 20000, total_with_fee: 20700 });
  });
});
