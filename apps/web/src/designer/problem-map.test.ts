import { describe, expect, it } from 'vitest';
import type { AppDefinition } from '@statecraft/schema';
import template from '../../../../templates/ecommerce-oms/definition.json' with { type: 'json' };
import { indexProblems, targetOf } from './problem-map.ts';

const def = template as unknown as AppDefinition;

describe('problem map', () => {
  it('maps JSON pointers to the field, section, state, transition or rule they concern, by id', () => {
    expect(targetOf(def, '/workflows/0/transitions/3/guard/!/var')).toEqual({ area: 'transition', workflow: 'order_flow', id: def.workflows[0]!.transitions[3]!.id });
    expect(targetOf(def, '/workflows/0/states/1/label')).toEqual({ area: 'state', workflow: 'order_flow', id: 'paid' });
    expect(targetOf(def, '/entities/0/fields/0/maxLength')).toEqual({ area: 'field', entity: 'order', id: 'order_no' });
    expect(targetOf(def, '/entities/0/form/sections/1/fields/0')).toEqual({ area: 'form', entity: 'order', id: 'receiver' });
    expect(targetOf(def, '/rules/0/condition')).toEqual({ area: 'rule', id: 'large_amount' });
    expect(targetOf(def, '/workflows/9/states/0')).toEqual({ area: 'other' });
    expect(targetOf(def, '/id')).toEqual({ area: 'other' });
  });

  it('groups problems by item', () => {
    const index = indexProblems(def, [
      { path: '/workflows/0/transitions/7/to', code: 'DEF_UNKNOWN_STATE', message: 'a', severity: 'error' },
      { path: '/workflows/0/transitions/7/guard', code: 'DEF_UNKNOWN_VAR', message: 'b', severity: 'error' },
      { path: '/rules/1/actions/0/code', code: 'DEF_SCHEMA', message: 'c', severity: 'warning' },
    ]);
    expect(index.get(`transition:${def.workflows[0]!.transitions[7]!.id}`)?.map((p) => p.message)).toEqual(['a', 'b']);
    expect(index.get(`rule:${def.rules![1]!.id}`)).toHaveLength(1);
  });
});
