import type { AppDefinition, Entity, Field, Workflow } from '@statecraft/schema';
import type { OperatorRegistry } from '../logic/registry.ts';

/** An entity with its fields by id (the first of duplicate ids wins; duplicates are reported apart). */
export interface IndexedEntity {
  readonly entity: Entity;
  readonly index: number;
  readonly fields: ReadonlyMap<string, Field>;
  /** The workflow moving this entity's records, if any. */
  readonly workflow?: { readonly workflow: Workflow; readonly index: number };
}

/** Look-ups over a shape-valid definition, built once and shared by every check. */
export interface DefinitionIndex {
  readonly def: AppDefinition;
  readonly operators: OperatorRegistry;
  readonly entities: ReadonlyMap<string, IndexedEntity>;
  readonly roles: ReadonlySet<string>;
  readonly connectors: ReadonlyMap<string, AppDefinition['connectors'][number]>;
}

export function indexDefinition(def: AppDefinition, operators: OperatorRegistry): DefinitionIndex {
  const workflows = new Map<string, { workflow: Workflow; index: number }>();
  def.workflows.forEach((workflow, index) => {
    if (!workflows.has(workflow.entity)) workflows.set(workflow.entity, { workflow, index });
  });
  const entities = new Map<string, IndexedEntity>();
  def.entities.forEach((entity, index) => {
    if (entities.has(entity.id)) return;
    const fields = new Map<string, Field>();
    for (const f of entity.fields) if (!fields.has(f.id)) fields.set(f.id, f);
    const workflow = workflows.get(entity.id);
    entities.set(entity.id, workflow ? { entity, index, fields, workflow } : { entity, index, fields });
  });
  return {
    def,
    operators,
    entities,
    roles: new Set(def.roles.map((r) => r.id)),
    connectors: new Map(def.connectors.map((c) => [c.id, c])),
  };
}

/** The ids a record of the entity carries: its fields and its workflow's state field. */
export function recordKeys(entity: IndexedEntity): string[] {
  const keys = [...entity.fields.keys()];
  if (entity.workflow) keys.push(entity.workflow.workflow.stateField);
  return keys;
}
