import type { AppDefinition } from '@statecraft/schema';
import { definition } from '@statecraft/template-oms';
import { describe, expect, it } from 'vitest';
import { diffDefinitions } from './definition-diff.ts';

const clone = (): AppDefinition => structuredClone(definition);

describe('diffDefinitions', () => {
  it('finds nothing between a definition and its copy, even with states moved and keys reordered', () => {
    const b = clone();
    b.workflows[0]!.states[0]!.position = { x: 999, y: 999 };
    const t = b.workflows[0]!.transitions[0]!;
    b.workflows[0]!.transitions[0] = Object.fromEntries(Object.entries(t).reverse()) as typeof t;
    expect(diffDefinitions(definition, b)).toEqual({ fields: [], states: [], transitions: [], rules: [] });
  });

  it('lists added, removed and changed fields, states, transitions and rules', () => {
    const b = clone();
    b.entities[0]!.fields.push({ id: 'gift_note', type: 'text', label: { 'zh-CN': '赠品备注', en: 'Gift note' } });
    b.entities[0]!.fields = b.entities[0]!.fields.filter((f) => f.id !== 'pick_no') as typeof b.entities[0]['fields'];
    const wf = b.workflows[0]!;
    wf.states.push({ id: 're_check', label: { 'zh-CN': '待复核', en: 'Re-check' }, kind: 'normal' });
    const approve = wf.transitions.find((t) => t.id === 'approve')!;
    approve.to = 're_check';
    approve.guard = { '!!': { var: 'gift_note' } };
    b.rules = b.rules!.filter((r) => r.id !== 'repeat_buyer');
    b.rules.find((r) => r.id === 'large_amount')!.enabled = false;

    const diff = diffDefinitions(definition, b);
    expect(diff.fields.map((c) => [c.kind, c.key])).toEqual([
      ['added', 'order.gift_note'],
      ['removed', 'order.pick_no'],
    ]);
    expect(diff.states).toEqual([expect.objectContaining({ kind: 'added', key: 'order_flow.re_check', label: { 'zh-CN': '待复核', en: 'Re-check' } })]);
    expect(diff.transitions).toEqual([expect.objectContaining({ kind: 'changed', key: 'order_flow.approve', changedKeys: ['guard', 'to'] })]);
    expect(diff.rules.map((c) => [c.kind, c.key, c.changedKeys])).toEqual([
      ['changed', 'large_amount', ['enabled']],
      ['removed', 'repeat_buyer', undefined],
    ]);
  });
});
