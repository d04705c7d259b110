import { pointer, type Action, type AppDefinition, type Entity, type Field, type Workflow } from '@statecraft/schema';
import type { CompiledAction } from '../actions/action-handler.ts';
import { actionHandlers } from '../actions/registry.ts';
import { compileLogic } from '../logic/compile.ts';
import type { Evaluate } from '../logic/evaluator.ts';
import { appOperators, type OperatorRegistry } from '../logic/registry.ts';
import { computedDependencies } from '../validate/computed-fields.ts';
import { validateDefinition } from '../validate/validate-definition.ts';
import type { CompiledApp, CompiledEntity, CompiledField, CompiledRule, CompiledTransition, CompiledWorkflow } from './compiled-app.ts';
import { castComputed } from './computed-result.ts';
import { DefinitionError } from './definition-error.ts';
import { buildFieldCheck } from './field-checks.ts';
import { formatValue } from './format-value.ts';

export interface CompileOptions {
  /** json-logic operators, e.g. the standard ones plus the server's fact operators. */
  operators?: OperatorRegistry;
}

const DEFAULT_MAX_AUTOMATIC_STEPS = 20;

function compileActions(actions: readonly Action[] | undefined, base: string, operators: OperatorRegistry): CompiledAction[] {
  return (actions ?? []).map((action, i) => {
    const handler = actionHandlers.get(action.type);
    if (!handler) throw new Error(`no handler for action type ${action.type}`); // the schema lists every type
    const path = `${base}/${i}`;
    const expressions: Record<string, Evaluate> = {};
    for (const [name, expression] of Object.entries(handler.expressions?.(action) ?? {})) {
      expressions[name] = compileLogic(expression, operators);
    }
    return { def: action, path, expressions };
  });
}

function defaultOf(field: Field): () => unknown {
  switch (field.type) {
    case 'lines':
      return () => [];
    case 'multienum': {
      const d = field.default;
      return d === undefined ? () => null : () => [...d];
    }
    case 'computed':
    case 'address':
    case 'reference':
      return () => null;
    default: {
      const d = (field as { default?: unknown }).default;
      return d === undefined ? () => null : () => d;
    }
  }
}

function compileField(field: Field, operators: OperatorRegistry, entities: () => ReadonlyMap<string, CompiledEntity>): CompiledField {
  return {
    id: field.id,
    def: field,
    required: field.required === true,
    readOnly: field.readOnly === true || field.type === 'computed',
    defaultValue: defaultOf(field),
    check: buildFieldCheck(field, entities),
    format: (value, language) => formatValue(field, value, language),
    ...(field.type === 'computed' ? { compute: compileLogic(field.expression, operators), castResult: castComputed(field.resultType) } : {}),
    ...(field.type === 'lines' ? { lineEntity: field.entity } : {}),
  };
}

/** Computed fields ordered so that each comes after the computed fields it reads. */
function computedOrder(entity: Entity, fields: ReadonlyMap<string, CompiledField>, operators: OperatorRegistry): CompiledField[] {
  const deps = computedDependencies(entity, operators);
  const ordered: CompiledField[] = [];
  const done = new Set<string>();
  const visit = (id: string) => {
    if (done.has(id)) return;
    done.add(id); // validation rejects cycles, so marking before visiting cannot hide one
    for (const dep of deps.get(id) ?? []) visit(dep);
    ordered.push(fields.get(id)!);
  };
  for (const id of deps.keys()) visit(id);
  return ordered;
}

function compileWorkflow(workflow: Workflow, w: number, operators: OperatorRegistry): CompiledWorkflow {
  const transitions = new Map<string, CompiledTransition>();
  const leaving = new Map<string, CompiledTransition[]>();
  const automatic = new Map<string, CompiledTransition[]>();
  const events = new Map<string, CompiledTransition[]>();
  workflow.transitions.forEach((t, i) => {
    const path = pointer('workflows', w, 'transitions', i);
    const compiled: CompiledTransition = {
      id: t.id,
      def: t,
      label: t.label,
      from: new Set(t.from),
      to: t.to,
      trigger: t.trigger,
      ...(t.guard !== undefined ? { guard: compileLogic(t.guard, operators) } : {}),
      ...(t.roles ? { roles: new Set(t.roles) } : {}),
      blockedByHold: t.blockedByHold === true,
      actions: compileActions(t.actions, `${path}/actions`, operators),
      path,
    };
    transitions.set(t.id, compiled);
    for (const from of t.from) {
      leaving.set(from, [...(leaving.get(from) ?? []), compiled]);
      if (t.trigger === 'automatic') automatic.set(from, [...(automatic.get(from) ?? []), compiled]);
    }
    if (t.trigger === 'event' && t.event !== undefined) events.set(t.event, [...(events.get(t.event) ?? []), compiled]);
  });
  return {
    id: workflow.id,
    stateField: workflow.stateField,
    initial: workflow.states.find((s) => s.kind === 'initial')!.id,
    maxAutomaticSteps: workflow.maxAutomaticSteps ?? DEFAULT_MAX_AUTOMATIC_STEPS,
    states: new Map(workflow.states.map((s) => [s.id, s])),
    transitions,
    leaving,
    automatic,
    events,
  };
}

/**
 * Compiles a published definition for deciding: validates it (throws {@link DefinitionError}
 * when it has errors), compiles every json-logic expression once, builds each field's checks
 * and the look-up maps `decide` uses. Call it once per published version and keep the result.
 *
 * @example
 * const app = compileApp(definition, 3);
 * const decision = decide(app, { kind: 'create', entity: 'order', data }, ctx);
 */
export function compileApp(def: AppDefinition, version: number, options: CompileOptions = {}): CompiledApp {
  const operators = options.operators ?? appOperators;
  const errors = validateDefinition(def, { operators }).filter((p) => p.severity === 'error');
  if (errors.length) throw new DefinitionError(errors);

  const entities = new Map<string, CompiledEntity>();
  const lookup = () => entities;
  const workflows = new Map(def.workflows.map((w, i) => [w.entity, compileWorkflow(w, i, operators)]));
  const rulesByEntity = new Map<string, { created: CompiledRule[]; updated: CompiledRule[]; transition: CompiledRule[] }>();
  def.rules.forEach((rule, r) => {
    if (rule.enabled === false) return;
    const path = pointer('rules', r);
    const compiled: CompiledRule = {
      id: rule.id,
      def: rule,
      ...(rule.on.transition !== undefined ? { transition: rule.on.transition } : {}),
      ...(rule.on.state !== undefined ? { state: rule.on.state } : {}),
      condition: compileLogic(rule.condition, operators),
      actions: compileActions(rule.actions, `${path}/actions`, operators),
      path,
    };
    let lists = rulesByEntity.get(rule.entity);
    if (!lists) rulesByEntity.set(rule.entity, (lists = { created: [], updated: [], transition: [] }));
    lists[rule.on.event].push(compiled);
  });

  for (const entity of def.entities) {
    const fieldList = entity.fields.map((f) => compileField(f, operators, lookup));
    const fields = new Map(fieldList.map((f) => [f.id, f]));
    const workflow = workflows.get(entity.id);
    const { create, update } = entity.permissions ?? {};
    entities.set(entity.id, {
      id: entity.id,
      def: entity,
      fields,
      fieldList,
      recordKeys: [...fieldList.map((f) => f.id), ...(workflow ? [workflow.stateField] : [])],
      computed: computedOrder(entity, fields, operators),
      ...(workflow ? { workflow } : {}),
      rules: rulesByEntity.get(entity.id) ?? { created: [], updated: [], transition: [] },
      ...(create ? { createRoles: new Set(create) } : {}),
      ...(update ? { updateRoles: new Set(update) } : {}),
    });
  }

  return {
    version,
    definition: def,
    operators,
    entities,
    superuserRoles: new Set(def.roles.filter((r) => r.superuser === true).map((r) => r.id)),
  };
}
