import { describe, expect, it } from 'vitest';
import { validateShape } from './validate-shape.ts';

const minimal = {
  id: 'demo',
  name: { 'zh-CN': '演示', en: 'Demo' },
  version: '1.0.0',
  roles: [{ id: 'admin', label: { 'zh-CN': '管理员' }, superuser: true }],
  entities: [{ id: 'ticket', label: { 'zh-CN': '工单' }, fields: [{ id: 'title', type: 'text', label: { 'zh-CN': '标题' } }] }],
  workflows: [],
  rules: [],
  connectors: [],
  dashboards: [],
  reports: [],
};

describe('validateShape', () => {
  it('accepts a minimal definition', () => {
    expect(validateShape(minimal)).toEqual([]);
  });

  it('points at a field of an unknown type', () => {
    const def = structuredClone(minimal);
    (def.entities[0]!.fields[0] as { type: string }).type = 'colour';
    const problems = validateShape(def);
    expect(problems.map((p) => p.path)).toContain('/entities/0/fields/0/type');
  });

  it('points at a missing required property', () => {
    const def = structuredClone(minimal) as Record<string, unknown>;
    delete def.version;
    expect(validateShape(def)).toMatchObject([{ path: '/version', code: 'DEF_SCHEMA', hint: 'Add the property "version".' }]);
  });

  it('rejects an enum without options, naming the field', () => {
    const def = structuredClone(minimal);
    def.entities[0]!.fields.push({ id: 'level', type: 'enum', label: { 'zh-CN': '级别' } });
    expect(validateShape(def).map((p) => p.path)).toContain('/entities/0/fields/1/options');
  });

  it('rejects an unknown property with its own path', () => {
    const def = structuredClone(minimal);
    (def.entities[0]!.fields[0] as Record<string, unknown>).colour = 'red';
    expect(validateShape(def).map((p) => p.path)).toContain('/entities/0/fields/0/colour');
  });
});
