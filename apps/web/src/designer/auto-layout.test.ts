import { describe, expect, it } from 'vitest';
import { autoLayout } from './auto-layout.ts';

describe('autoLayout', () => {
  it('places states in layers by distance from the initial state, without overlaps', () => {
    const pos = autoLayout({
      states: [
        { id: 'a', label: { 'zh-CN': 'A' }, kind: 'initial' },
        { id: 'b', label: { 'zh-CN': 'B' }, kind: 'normal' },
        { id: 'c', label: { 'zh-CN': 'C' }, kind: 'normal' },
        { id: 'd', label: { 'zh-CN': 'D' }, kind: 'final' },
        { id: 'lost', label: { 'zh-CN': '孤立' }, kind: 'normal' },
      ],
      transitions: [
        { id: 't1', from: ['a'], to: 'b', label: { 'zh-CN': '1' }, trigger: 'manual' },
        { id: 't2', from: ['a'], to: 'c', label: { 'zh-CN': '2' }, trigger: 'manual' },
        { id: 't3', from: ['b', 'c'], to: 'd', label: { 'zh-CN': '3' }, trigger: 'manual' },
        { id: 't4', from: ['d'], to: 'gone', label: { 'zh-CN': '4' }, trigger: 'manual' },
      ],
    });
    expect(pos.get('a')).toEqual({ x: 0, y: 0 });
    expect(pos.get('b')!.y).toBe(110);
    expect(pos.get('c')!.y).toBe(110);
    expect(pos.get('d')!.y).toBe(220);
    expect(pos.get('lost')!.y).toBe(330);
    const keys = [...pos.values()].map((p) => `${p.x},${p.y}`);
    expect(new Set(keys).size).toBe(5);
  });
});

describe('autoLayout of a wide layer', () => {
  it('wraps the layer onto rows of maxPerRow states', () => {
    const states = [{ id: 'a', label: { 'zh-CN': 'A' }, kind: 'initial' as const }, ...Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, label: { 'zh-CN': `S${i}` }, kind: 'normal' as const }))];
    const transitions = states.slice(1).map((s) => ({ id: `t_${s.id}`, from: ['a'] as [string], to: s.id, label: { 'zh-CN': 't' }, trigger: 'manual' as const }));
    const pos = autoLayout({ states: states as never, transitions }, { x: 100, y: 100 }, 4);
    expect(pos.get('s0')).toEqual({ x: 0, y: 100 });
    expect(pos.get('s4')).toEqual({ x: 0, y: 200 });
    expect(Math.max(...[...pos.values()].map((p) => p.x))).toBe(300);
    expect(Math.max(...[...pos.values()].map((p) => p.y))).toBe(300);
  });
});
