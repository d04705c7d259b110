import { describe, expect, it } from 'vitest';
import { compiledAction, RecordingContext } from '../testing/recording-context.ts';
import { raiseAlert } from './raise_alert.ts';
import { renderMessage } from './render-message.ts';

describe('raise_alert', () => {
  it('emits the alert with {{field}} placeholders filled in both languages', () => {
    const ctx = new RecordingContext({ order_no: 'SO1', buyer: '林**' });
    raiseAlert.apply(
      compiledAction(raiseAlert, {
        type: 'raise_alert',
        code: 'repeat_buyer',
        severity: 'critical',
        message: { 'zh-CN': '{{buyer}} 重复下单：{{ order_no }}', en: 'Repeat order {{order_no}} by {{buyer}}' },
      }),
      ctx,
    );
    expect(ctx.effects).toEqual([
      { type: 'raise_alert', code: 'repeat_buyer', severity: 'critical', message: { 'zh-CN': '林** 重复下单：SO1', en: 'Repeat order SO1 by 林**' } },
    ]);
  });

  it('keeps an unknown placeholder as written and a zh-CN-only message zh-CN only', () => {
    expect(renderMessage({ 'zh-CN': '订单 {{nope}} {{x}}' }, (n) => (n === 'x' ? '1' : undefined))).toEqual({ 'zh-CN': '订单 {{nope}} 1' });
  });
});
