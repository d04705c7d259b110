import { readFileSync } from 'node:fs';
import type { Action, AppDefinition, Field, Transition } from '@statecraft/schema';
import { describe, expect, it } from 'vitest';
import { standardOperators } from '../logic/registry.ts';
import { baseDefinition } from '../testing/base-definition.ts';
import { validateDefinition } from './validate-definition.ts';

const label = { 'zh-CN': '标签', en: 'Label' };
type Def = AppDefinition;

// Short-hands into the base definition (see src/testing/base-definition.ts for the indexes).
const ticket = (d: Def) => d.entities[0]!;
const line = (d: Def) => d.entities[1]!;
const customer = (d: Def) => d.entities[2]!;
const fieldsOf = (d: Def, e: number) => d.entities[e]!.fields as Field[];
const flow = (d: Def) => d.workflows[0]!;
const tr = (d: Def, i: number) => flow(d).transitions[i] as Transition;
const actionsOf = (d: Def, rule: number) => d.rules[rule]!.actions as Action[];

/** [name, how to break the base definition, the exact errors expected as "pointer CODE"]. */
const broken: [string, (d: Def) => void, string[]][] = [
  ['duplicate entity id', (d) => void (customer(d).id = 'ticket'), ['/entities/2/id DEF_DUPLICATE_ID', '/entities/0/fields/11/entity DEF_UNKNOWN_ENTITY']],
  ['duplicate field id', (d) => void (fieldsOf(d, 0)[6]!.id = 'title'), ['/entities/0/fields/6/id DEF_DUPLICATE_ID']],
  ['duplicate role id', (d) => void (d.roles[3]!.id = 'agent'), ['/roles/3/id DEF_DUPLICATE_ID', '/workflows/0/transitions/3/roles/0 DEF_UNKNOWN_ROLE']],
  ['duplicate workflow id', (d) => d.workflows.push({ ...structuredClone(flow(d)), entity: 'customer', stateField: 'state' }), [
    '/workflows/1/id DEF_DUPLICATE_ID',
    // the copy's guards and set_field read ticket fields, which customer does not have
    '/workflows/1/transitions/0/guard/some/0/var DEF_UNKNOWN_VAR',
    '/workflows/1/transitions/1/guard/</0/var DEF_UNKNOWN_VAR',
    '/workflows/1/transitions/1/actions/0/field DEF_UNKNOWN_FIELD',
    '/workflows/1/transitions/2/actions/0/field DEF_UNKNOWN_FIELD',
    '/workflows/1/transitions/2/actions/1/body/ref/cat/1/var DEF_UNKNOWN_VAR',
    '/workflows/1/transitions/5/guard/!/missing/0 DEF_UNKNOWN_VAR',
  ]],
  ['two workflows for one entity', (d) => d.workflows.push({ ...structuredClone(flow(d)), id: 'second_flow' }), ['/workflows/1/entity DEF_DUPLICATE_WORKFLOW']],
  ['duplicate state id', (d) => void flow(d).states.push({ id: 'draft', label, kind: 'normal' }), ['/workflows/0/states/6/id DEF_DUPLICATE_ID']],
  ['duplicate transition id', (d) => void (tr(d, 5).id = 'submit'), ['/workflows/0/transitions/5/id DEF_DUPLICATE_ID']],
  ['duplicate rule id', (d) => void (d.rules[1]!.id = 'big_ticket'), ['/rules/1/id DEF_DUPLICATE_ID']],
  ['duplicate connector id', (d) => d.connectors.push({ id: 'dingtalk', kind: 'messenger', platform: 'wecom', label }), ['/connectors/1/id DEF_DUPLICATE_ID']],
  ['duplicate enum option', (d) => void ((fieldsOf(d, 0)[1] as { options: { value: string }[] }).options[2]!.value = 'low'), ['/entities/0/fields/1/options/2/value DEF_DUPLICATE_ID']],
  ['duplicate index id', (d) => ticket(d).indexes!.push({ id: 'by_title', fields: ['priority'] }), ['/entities/0/indexes/1/id DEF_DUPLICATE_ID']],
  ['duplicate form section id', (d) => ticket(d).form!.sections.push({ id: 'main', label, fields: ['note'] }), ['/entities/0/form/sections/1/id DEF_DUPLICATE_ID']],
  ['reserved field id', (d) => fieldsOf(d, 1).push({ id: 'parent_id', type: 'integer', label }), ['/entities/1/fields/4/id DEF_RESERVED_FIELD_ID']],
  ['field id "id"', (d) => fieldsOf(d, 2).push({ id: 'id', type: 'text', label }), ['/entities/2/fields/1/id DEF_RESERVED_FIELD_ID']],
  ['column clash with an address', (d) => fieldsOf(d, 0).push({ id: 'ship_to_city', type: 'text', label }), ['/entities/0/fields/18/id DEF_COLUMN_CLASH']],
  ['state field declared as a field', (d) => void (flow(d).stateField = 'priority'), [
    '/workflows/0/stateField DEF_STATE_FIELD_CLASH',
    '/entities/0/list/columns/1 DEF_UNKNOWN_FIELD', // the list shows "status", now no longer the state field
  ]],
  ['state field clashing with an address column', (d) => void (flow(d).stateField = 'ship_to_zip'), ['/workflows/0/stateField DEF_STATE_FIELD_CLASH', '/entities/0/list/columns/1 DEF_UNKNOWN_FIELD']],
  ['workflow of an unknown entity', (d) => void (flow(d).entity = 'tickets'), [
    '/workflows/0/entity DEF_UNKNOWN_ENTITY',
    '/rules/0/on/event DEF_RULE_NO_WORKFLOW',
    '/entities/0/list/columns/1 DEF_UNKNOWN_FIELD',
  ]],
  ['rule on an unknown entity', (d) => void (d.rules[1]!.entity = 'tickte'), ['/rules/1/entity DEF_UNKNOWN_ENTITY']],
  ['reference to an unknown entity', (d) => void ((fieldsOf(d, 0)[11] as { entity: string }).entity = 'client'), ['/entities/0/fields/11/entity DEF_UNKNOWN_ENTITY']],
  ['create_record of an unknown entity', (d) => actionsOf(d, 1).push({ type: 'create_record', entity: 'invoice', values: { title: 'x' } }), ['/rules/1/actions/1/entity DEF_UNKNOWN_ENTITY']],
  ['create_record value for an unknown field', (d) => actionsOf(d, 1).push({ type: 'create_record', entity: 'customer', values: { nme: { var: 'title' } } }), ['/rules/1/actions/1/values/nme DEF_UNKNOWN_FIELD']],
  ['unknown list column', (d) => void (ticket(d).list!.columns![2] = 'priorty'), ['/entities/0/list/columns/2 DEF_UNKNOWN_FIELD']],
  ['unknown search field', (d) => void (ticket(d).list!.searchFields = ['title', 'body']), ['/entities/0/list/searchFields/1 DEF_UNKNOWN_FIELD']],
  ['unknown default sort field', (d) => void (ticket(d).list!.defaultSort = { field: 'created' }), ['/entities/0/list/defaultSort/field DEF_UNKNOWN_FIELD']],
  ['unknown form field', (d) => void ticket(d).form!.sections[0]!.fields.push('remarks'), ['/entities/0/form/sections/0/fields/3 DEF_UNKNOWN_FIELD']],
  ['unknown index field', (d) => void (ticket(d).indexes![0]!.fields = ['title', 'owner']), ['/entities/0/indexes/0/fields/1 DEF_UNKNOWN_FIELD']],
  ['index over a part of a field that is no address', (d) => void (ticket(d).indexes![0]!.fields = ['ship_to.district', 'title.city']), ['/entities/0/indexes/0/fields/1 DEF_UNKNOWN_FIELD']],
  ['unknown title field', (d) => void (ticket(d).titleField = 'name'), ['/entities/0/titleField DEF_UNKNOWN_FIELD']],
  ['set_field of an unknown field', (d) => void ((tr(d, 1).actions![0] as { field: string }).field = 'aproved_at'), ['/workflows/0/transitions/1/actions/0/field DEF_UNKNOWN_FIELD']],
  ['set_field of a computed field', (d) => void ((tr(d, 1).actions![0] as { field: string }).field = 'total'), ['/workflows/0/transitions/1/actions/0/field DEF_FIELD_NOT_SETTABLE']],
  ['set_field of the state field', (d) => void ((tr(d, 1).actions![0] as { field: string }).field = 'status'), ['/workflows/0/transitions/1/actions/0/field DEF_FIELD_NOT_SETTABLE']],
  ['transition from an unknown state', (d) => void (tr(d, 5).from = ['draft', 'reviewing']), ['/workflows/0/transitions/5/from/1 DEF_UNKNOWN_STATE']],
  ['transition to an unknown state', (d) => void (tr(d, 3).to = 'sent'), ['/workflows/0/transitions/3/to DEF_UNKNOWN_STATE', '/workflows/0/states/3 DEF_UNREACHABLE_STATE', '/workflows/0/states/4 DEF_UNREACHABLE_STATE']],
  ['rule on an unknown state', (d) => void (d.rules[0]!.on.state = 'submited'), ['/rules/0/on/state DEF_UNKNOWN_STATE']],
  ['rule on an unknown transition', (d) => void (d.rules[0]!.on = { event: 'transition', transition: 'sumbit' }), ['/rules/0/on/transition DEF_UNKNOWN_TRANSITION']],
  ['run_transition of an unknown transition', (d) => actionsOf(d, 0).push({ type: 'run_transition', transition: 'aprove' }), ['/rules/0/actions/2/transition DEF_UNKNOWN_TRANSITION']],
  ['rule on transitions of an entity without workflow', (d) => void Object.assign(d.rules[1]!, { entity: 'customer', on: { event: 'transition' }, condition: true }), ['/rules/1/on/event DEF_RULE_NO_WORKFLOW']],
  ['unknown role in a transition', (d) => void (tr(d, 0).roles = ['agnet']), ['/workflows/0/transitions/0/roles/0 DEF_UNKNOWN_ROLE']],
  ['unknown role in permissions', (d) => void (ticket(d).permissions!.update = ['agent', 'boss']), ['/entities/0/permissions/update/1 DEF_UNKNOWN_ROLE']],
  ['unknown role in a dashboard', (d) => void (d.dashboards[0]!.roles = ['ceo']), ['/dashboards/0/roles/0 DEF_UNKNOWN_ROLE']],
  ['unknown role mentioned by notify', (d) => void ((actionsOf(d, 0)[1] as { mentionRoles: string[] }).mentionRoles = ['managers']), ['/rules/0/actions/1/mentionRoles/0 DEF_UNKNOWN_ROLE']],
  ['notify through an unknown connector', (d) => void ((actionsOf(d, 0)[1] as { connector: string }).connector = 'wecom'), ['/rules/0/actions/1/connector DEF_UNKNOWN_CONNECTOR']],
  ['no initial state', (d) => void (flow(d).states[0]!.kind = 'normal'), ['/workflows/0/states DEF_NO_INITIAL_STATE']],
  ['two initial states', (d) => void (flow(d).states[1]!.kind = 'initial'), ['/workflows/0/states/1/kind DEF_MULTIPLE_INITIAL_STATES']],
  ['unreachable state', (d) => void flow(d).states.push({ id: 'limbo', label, kind: 'normal' }), ['/workflows/0/states/6 DEF_UNREACHABLE_STATE']],
  ['transition out of a final state', (d) => void (tr(d, 5).from = ['draft', 'closed']), ['/workflows/0/transitions/5/from/1 DEF_TRANSITION_FROM_FINAL']],
  ['event trigger without event', (d) => void delete tr(d, 4).event, ['/workflows/0/transitions/4/event DEF_EVENT_MISSING']],
  ['event without event trigger', (d) => void (tr(d, 0).event = 'ticket.submitted'), ['/workflows/0/transitions/0/event DEF_EVENT_WITHOUT_TRIGGER']],
  ['unknown json-logic operator', (d) => void (tr(d, 1).guard = { and: [true, { frobnicate: [1] }] }), ['/workflows/0/transitions/1/guard/and/1/frobnicate DEF_UNKNOWN_OPERATOR']],
  ['json-logic operator with the wrong arity', (d) => void (d.rules[0]!.condition = { '==': [{ var: 'total' }] }), ['/rules/0/condition/== DEF_LOGIC_ARITY']],
  ['var of an unknown field', (d) => void (tr(d, 1).guard = { '<': [{ var: 'totl' }, 10000] }), ['/workflows/0/transitions/1/guard/</0/var DEF_UNKNOWN_VAR']],
  ['var of an unknown address part', (d) => void (d.rules[1]!.condition = { '==': [{ var: 'ship_to.town' }, 'x'] }), ['/rules/1/condition/==/0/var DEF_UNKNOWN_VAR']],
  ['var of an unknown context name', (d) => void (d.rules[1]!.condition = { '>': [{ var: '$today' }, '2026'] }), ['/rules/1/condition/>/0/var DEF_UNKNOWN_VAR']],
  ['missing of an unknown field', (d) => void (tr(d, 5).guard = { '!': { missing: ['note', 'reason'] } }), ['/workflows/0/transitions/5/guard/!/missing/1 DEF_UNKNOWN_VAR']],
  ['var of an unknown line field inside some', (d) => void (d.rules[1]!.condition = { some: [{ var: 'lines' }, { '>': [{ var: 'qtty' }, 1] }] }), ['/rules/1/condition/some/1/>/0/var DEF_UNKNOWN_VAR']],
  ['reduce reading neither current nor accumulator', (d) => void ((fieldsOf(d, 0)[17] as { expression: unknown }).expression = { reduce: [{ var: 'lines' }, { '+': [{ var: 'accumulator' }, { var: 'amount' }] }, 0] }), ['/entities/0/fields/17/expression/reduce/1/+/1/var DEF_UNKNOWN_VAR']],
  ['reduce reading an unknown line field', (d) => void ((fieldsOf(d, 0)[17] as { expression: unknown }).expression = { reduce: [{ var: 'lines' }, { '+': [{ var: 'accumulator' }, { var: 'current.amt' }] }, 0] }), ['/entities/0/fields/17/expression/reduce/1/+/1/var DEF_UNKNOWN_VAR']],
  ['var path through __proto__', (d) => void (d.rules[1]!.condition = { '==': [{ var: '__proto__.polluted' }, true] }), ['/rules/1/condition/==/0/var DEF_FORBIDDEN_PATH']],
  ['var path through constructor', (d) => void (tr(d, 1).guard = { var: ['title.constructor.name'] }), ['/workflows/0/transitions/1/guard/var/0 DEF_FORBIDDEN_PATH']],
  ['create_record value keyed "constructor"', (d) => actionsOf(d, 1).push({ type: 'create_record', entity: 'customer', values: { name: 'x', constructor: 1 } }), [
    '/rules/1/actions/1/values/constructor DEF_FORBIDDEN_NAME',
    '/rules/1/actions/1/values/constructor DEF_UNKNOWN_FIELD',
  ]],
  ['http header named __proto__', (d) => void ((tr(d, 2).actions![1] as { headers: unknown }).headers = JSON.parse('{"__proto__": "x"}')), ['/workflows/0/transitions/2/actions/1/headers/__proto__ DEF_FORBIDDEN_NAME']],
  ['field id "prototype"', (d) => fieldsOf(d, 2).push({ id: 'prototype', type: 'text', label }), ['/entities/2/fields/1/id DEF_FORBIDDEN_NAME']],
  ['automatic loop', (d) => flow(d).transitions.push({ id: 'reopen', from: ['approved'], to: 'submitted', label, trigger: 'automatic' }), ['/workflows/0/transitions/6 DEF_AUTOMATIC_LOOP']],
  ['automatic transition to its own state', (d) => flow(d).transitions.push({ id: 'spin', from: ['shipped'], to: 'shipped', label, trigger: 'automatic', guard: true }), ['/workflows/0/transitions/6 DEF_AUTOMATIC_LOOP']],
  ['line entity with two parents', (d) => fieldsOf(d, 2).push({ id: 'items', type: 'lines', label, entity: 'ticket_line' }), ['/entities/2/fields/1/entity DEF_LINES_SHARED']],
  ['line entity that is its own lines', (d) => fieldsOf(d, 2).push({ id: 'children', type: 'lines', label, entity: 'customer' }), ['/entities/2/fields/1/entity DEF_LINES_SELF']],
  ['enum default not an option', (d) => void ((fieldsOf(d, 0)[1] as { default: string }).default = 'urgent'), ['/entities/0/fields/1/default DEF_ENUM_DEFAULT']],
  ['multienum default not an option', (d) => void ((fieldsOf(d, 0)[2] as { default: string[] }).default = ['vip', 'new']), ['/entities/0/fields/2/default/1 DEF_ENUM_DEFAULT']],
  ['min greater than max', (d) => void Object.assign(fieldsOf(d, 0)[4]!, { min: 10, max: 5 }), ['/entities/0/fields/4/min DEF_MIN_GT_MAX']],
  ['default below min', (d) => void ((fieldsOf(d, 0)[3] as { default: number }).default = -500), ['/entities/0/fields/3/default DEF_DEFAULT_OUT_OF_RANGE']],
  ['computed field reading itself', (d) => void ((fieldsOf(d, 0)[17] as { expression: unknown }).expression = { '+': [{ var: 'total' }, 1] }), ['/entities/0/fields/17/expression DEF_COMPUTED_CYCLE']],
  ['computed fields reading each other', (d) => void ((fieldsOf(d, 0)[17] as { expression: unknown }).expression = { '-': [{ var: 'total_with_fee' }, { var: 'fee' }] }), [
    '/entities/0/fields/16/expression DEF_COMPUTED_CYCLE',
    '/entities/0/fields/17/expression DEF_COMPUTED_CYCLE',
  ]],
];

const errorsOf = (def: unknown) =>
  validateDefinition(def)
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.path} ${p.code}`)
    .sort();

describe('validateDefinition', () => {
  it('accepts the base definition without errors or warnings', () => {
    expect(validateDefinition(baseDefinition())).toEqual([]);
  });

  it('accepts the OMS template without errors', () => {
    const template = JSON.parse(readFileSync(new URL('../../../../templates/ecommerce-oms/definition.json', import.meta.url), 'utf8'));
    expect(errorsOf(template)).toEqual([]);
  });

  it(`has at least 20 broken definitions below (${broken.length})`, () => {
    expect(broken.length).toBeGreaterThanOrEqual(20);
  });

  it.each(broken)('reports %s', (_name, breakIt, expected) => {
    const def = baseDefinition();
    breakIt(def);
    expect(errorsOf(def)).toEqual([...expected].sort());
  });

  it('gives every problem a message and a hint', () => {
    for (const [, breakIt] of broken) {
      const def = baseDefinition();
      breakIt(def);
      for (const p of validateDefinition(def)) {
        expect(p.message.length).toBeGreaterThan(5);
        expect(p.hint?.length ?? 0).toBeGreaterThan(5);
      }
    }
  });

  it('stops at the shape when the schema is not met', () => {
    const def = baseDefinition() as unknown as { entities: { fields: { type: string }[] }[] };
    def.entities[0]!.fields[0]!.type = 'colour';
    const problems = validateDefinition(def);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.code === 'DEF_SCHEMA')).toBe(true);
    expect(problems.map((p) => p.path)).toContain('/entities/0/fields/0/type');
  });

  it('accepts an operator once it is registered', () => {
    const def = baseDefinition();
    def.rules[1]!.condition = { '>': [{ buyer_order_count: [] }, 3] };
    expect(errorsOf(def)).toEqual(['/rules/1/condition/>/0/buyer_order_count DEF_UNKNOWN_OPERATOR']);
    const operators = standardOperators.with({ name: 'buyer_order_count', arity: { min: 0, max: 0 }, description: 'a fact', evaluate: () => 0 });
    expect(validateDefinition(def, { operators }).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('lets expressions read the state field, $now, $actor, $record, $facts and line fields', () => {
    const def = baseDefinition();
    def.rules[1]!.condition = {
      and: [
        { '==': [{ var: 'status' }, 'draft'] },
        { '<': [{ var: '$now' }, '2030'] },
        { in: ['agent', { var: '$actor.roles' }] },
        { '!': { var: '$record.hold' } },
        { '>': [{ var: '$facts.buyer_order_count' }, 2] },
        { all: [{ var: 'lines' }, { '>=': [{ var: 'qty' }, 1] }] },
        { map: [{ var: 'tags' }, { var: '' }] },
        { '==': [{ var: 'ship_to.city' }, '杭州市'] },
      ],
    };
    expect(validateDefinition(def)).toEqual([]);
  });

  describe('warnings', () => {
    const warningsOf = (def: Def) => validateDefinition(def).filter((p) => p.severity === 'warning').map((p) => `${p.path} ${p.code}`);

    it('warns about a manual transition anyone may fire', () => {
      const def = baseDefinition();
      delete tr(def, 3).roles;
      expect(warningsOf(def)).toEqual(['/workflows/0/transitions/3/roles DEF_TRANSITION_NO_ROLES']);
      expect(errorsOf(def)).toEqual([]);
    });

    it('warns about roles on an automatic transition', () => {
      const def = baseDefinition();
      tr(def, 1).roles = ['manager'];
      expect(warningsOf(def)).toEqual(['/workflows/0/transitions/1/roles DEF_ROLES_IGNORED']);
    });

    it('warns about an unknown message placeholder', () => {
      const def = baseDefinition();
      (actionsOf(def, 0)[0] as { message: { 'zh-CN': string } }).message['zh-CN'] = '大额 {{titel}}';
      expect(warningsOf(def)).toEqual(['/rules/0/actions/0/message/zh-CN DEF_UNKNOWN_PLACEHOLDER']);
    });

    it('warns about a rule filter that never applies', () => {
      const def = baseDefinition();
      d1(def);
      expect(warningsOf(def)).toEqual(['/rules/1/on/state DEF_RULE_FILTER_IGNORED']);
      function d1(d: Def) {
        d.rules[1]!.on = { event: 'created', state: 'draft' };
      }
    });

    it('warns about notifying through a connector that is not a messenger', () => {
      const def = baseDefinition();
      def.connectors.push({ id: 'wms', kind: 'wms', platform: 'kingdee', label });
      (actionsOf(def, 0)[1] as { connector: string }).connector = 'wms';
      expect(warningsOf(def)).toEqual(['/rules/0/actions/1/connector DEF_CONNECTOR_KIND']);
    });
  });
});
