import { describe, expect, it } from 'vitest';
import { compileApp } from '../compile/compile-app.ts';
import { decide } from '../decide/decide.ts';
import { baseDefinition } from '../testing/base-definition.ts';
import { ctxAs } from '../testing/records.ts';
import { compiledAction, RecordingContext } from '../testing/recording-context.ts';
import { createRecord } from './create_record.ts';

describe('create_record', () => {
  it('emits the entity with every value evaluated over the triggering record', () => {
    const ctx = new RecordingContext({ buyer: '林**', paid: 500000 });
    createRecord.apply(
      compiledAction(createRecord, { type: 'create_record', entity: 'customer', values: { name: { var: 'buyer' }, note: 'VIP', big: { '>': [{ var: 'paid' }, 100000] } } }),
      ctx,
    );
    expect(ctx.effects).toEqual([{ type: 'create_record', entity: 'customer', values: { name: '林**', note: 'VIP', big: true } }]);
  });

  it('becomes an effect of the decision, tagged with its rule', () => {
    const def = baseDefinition();
    def.rules.push({
      id: 'new_customer',
      label: { 'zh-CN': '新客户' },
      entity: 'ticket',
      on: { event: 'created' },
      condition: true,
      severity: 'info',
      actions: [{ type: 'create_record', entity: 'customer', values: { name: { cat: ['客户 ', { var: 'title' }] } } }],
    });
    const d = decide(compileApp(def, 1), { kind: 'create', entity: 'ticket', data: { title: 'T7' } }, ctxAs(['agent']));
    expect(d.ok && d.effects).toEqual([{ type: 'create_record', entity: 'customer', values: { name: '客户 T7' }, source: { kind: 'rule', id: 'new_customer' } }]);
  });
});
