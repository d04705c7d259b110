import { describe, expect, it } from 'vitest';
import { compileApp } from '../compile/compile-app.ts';
import { decide } from '../decide/decide.ts';
import { baseDefinition } from '../testing/base-definition.ts';
import { ctxAs, envelope } from '../testing/records.ts';
import { compiledAction, RecordingContext } from '../testing/recording-context.ts';
import { notify } from './notify.ts';

describe('notify', () => {
  it('emits the message with title and placeholders filled, and the roles to mention', () => {
    const ctx = new RecordingContext({ sku: 'HG-1' });
    notify.apply(
      compiledAction(notify, {
        type: 'notify',
        connector: 'dingtalk',
        title: { 'zh-CN': '缺货 {{sku}}', en: 'Out of stock {{sku}}' },
        message: { 'zh-CN': '请采购 {{sku}}', en: 'Please buy {{sku}}' },
        mentionRoles: ['purchasing'],
      }),
      ctx,
    );
    expect(ctx.effects).toEqual([
      { type: 'notify', connector: 'dingtalk', title: { 'zh-CN': '缺货 HG-1', en: 'Out of stock HG-1' }, message: { 'zh-CN': '请采购 HG-1', en: 'Please buy HG-1' }, mentionRoles: ['purchasing'] },
    ]);
  });

  it('formats field values for people: enum labels, money in yuan, the state label', () => {
    const def = baseDefinition();
    def.workflows[0]!.transitions[0]!.actions = [
      { type: 'notify', connector: 'inbox', message: { 'zh-CN': '{{priority}}优先级，{{total}} 元，{{status}}，{{id}}', en: '{{priority}} priority, CNY {{total}}, {{status}}, #{{id}}' } },
    ];
    const app = compileApp(def, 1);
    const c = decide(app, { kind: 'create', entity: 'ticket', data: { title: 'T', priority: 'high', lines: [{ sku: 'a', qty: 2, price: 61750 }] } }, ctxAs(['agent']));
    if (!c.ok) throw new Error(c.error.message);
    const d = decide(app, { kind: 'transition', entity: 'ticket', record: envelope('ticket', c.data), transition: 'submit' }, ctxAs(['agent']));
    expect(d.ok && d.effects[0]).toEqual({
      type: 'notify',
      connector: 'inbox',
      message: { 'zh-CN': '高优先级，1235.00 元，草稿，1', en: 'High priority, CNY 1235.00, Draft, #1' },
      mentionRoles: [],
      source: { kind: 'transition', id: 'submit' },
    });
  });
});
