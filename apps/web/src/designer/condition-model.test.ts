import { describe, expect, it } from 'vitest';
import type { AppDefinition } from '@statecraft/schema';
import template from '../../../../templates/ecommerce-oms/definition.json' with { type: 'json' };

const definition = template as unknown as AppDefinition;
import { operatorsFor, parseCondition, toLogic } from './condition-model.ts';

describe('condition model', () => {
  it('round-trips every guard and rule condition of the OMS template unchanged', () => {
    const conditions = [...definition.workflows.flatMap((w) => w.transitions.map((t) => t.guard)), ...(definition.rules ?? []).map((r) => r.condition)].filter((c) => c !== undefined && c !== true);
    expect(conditions.length).toBeGreaterThan(10);
    for (const c of conditions) expect(toLogic(parseCondition(c))).toEqual(c);
  });

  it('reads comparisons, emptiness, lists and text parts into rules', () => {
    const logic = {
      or: [
        { and: [{ '>': [{ var: 'paid_amount' }, 500000] }, { '==': [{ var: 'is_gift' }, true] }] },
        { in: [{ var: 'channel' }, ['jd', 'pdd']] },
        { in: ['急', { var: 'buyer_message' }] },
        { '!': { missing: ['gift_note'] } },
        { '>=': [{ buyer_recent_orders: 24 }, 2] },
      ],
    };
    const tree = parseCondition(logic);
    expect(tree.op).toBe('or');
    expect(tree.items[0]).toEqual({ kind: 'group', op: 'and', items: [{ kind: 'rule', field: 'paid_amount', op: '>', value: 500000 }, { kind: 'rule', field: 'is_gift', op: '==', value: true }] });
    expect(tree.items.slice(1, 4)).toEqual([
      { kind: 'rule', field: 'channel', op: 'in', value: ['jd', 'pdd'] },
      { kind: 'rule', field: 'buyer_message', op: 'contains', value: '急' },
      { kind: 'rule', field: 'gift_note', op: 'notEmpty' },
    ]);
    expect(tree.items[4]).toEqual({ kind: 'raw', logic: { '>=': [{ buyer_recent_orders: 24 }, 2] } });
    expect(toLogic(tree)).toEqual(logic);
  });

  it('writes an empty root as no condition and offers operators by field type', () => {
    expect(toLogic(parseCondition(undefined))).toBeUndefined();
    expect(operatorsFor({ type: 'money' })).toContain('>=');
    expect(operatorsFor({ type: 'text' })).toContain('contains');
    expect(operatorsFor({ type: 'text' })).not.toContain('>');
    expect(operatorsFor({ type: 'enum' })).toContain('in');
    expect(operatorsFor({ type: 'boolean' })).toEqual(['==', '!=', 'empty', 'notEmpty']);
  });
});
