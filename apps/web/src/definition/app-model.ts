import type { AppDefinition, Dashboard, Entity, Field, State, Transition, Workflow } from '@statecraft/schema';
import type { CurrentUser } from '../api/types.ts';

/**
 * The published definition as the workspace reads it: entities, their workflow, and what the
 * signed-in user's roles may see. Everything on screen is derived from this; nothing in the
 * workspace names an entity, field or state of a particular app.
 */
export interface AppModel {
  appId: string;
  version: number;
  definition: AppDefinition;
  entity(id: string): Entity | undefined;
  workflowOf(entityId: string): Workflow | undefined;
  stateOf(entityId: string, stateId: string | null | undefined): State | undefined;
  field(entityId: string, fieldId: string): Field | undefined;
  /** Top-level entities (not only used as lines of another) the user may read. */
  navEntities(user: CurrentUser): Entity[];
  /** Manual transitions of the entity's workflow the user's roles may take. */
  manualTransitions(entityId: string, user: CurrentUser): Transition[];
  mayCreate(entityId: string, user: CurrentUser): boolean;
  mayUpdate(entityId: string, user: CurrentUser): boolean;
  dashboards(user: CurrentUser): Dashboard[];
  /** Whether a workflow reserves stock (the stock page has something to show). */
  usesStock: boolean;
  /** Whether the app takes orders through channel or webhook connectors (the intake page). */
  hasIntake: boolean;
}

const allows = (roles: readonly string[] | undefined, user: CurrentUser) => user.superuser || !roles || roles.some((r) => user.roles.includes(r));

/** Builds the lookups over a published definition. */
export function buildAppModel(appId: string, version: number, definition: AppDefinition): AppModel {
  const entities = new Map(definition.entities.map((e) => [e.id, e]));
  const workflows = new Map((definition.workflows ?? []).map((w) => [w.entity, w]));
  const lineEntities = new Set(definition.entities.flatMap((e) => e.fields.flatMap((f) => (f.type === 'lines' ? [f.entity] : []))));
  return {
    appId,
    version,
    definition,
    entity: (id) => entities.get(id),
    workflowOf: (id) => workflows.get(id),
    stateOf: (id, state) => workflows.get(id)?.states.find((s) => s.id === state),
    field: (entityId, fieldId) => entities.get(entityId)?.fields.find((f) => f.id === fieldId),
    navEntities: (user) => definition.entities.filter((e) => !lineEntities.has(e.id) && allows(e.permissions?.read, user)),
    manualTransitions: (id, user) => (workflows.get(id)?.transitions ?? []).filter((t) => t.trigger === 'manual' && allows(t.roles, user)),
    mayCreate: (id, user) => allows(entities.get(id)?.permissions?.create, user),
    mayUpdate: (id, user) => allows(entities.get(id)?.permissions?.update, user),
    dashboards: (user) => (definition.dashboards ?? []).filter((d) => allows(d.roles, user)),
    usesStock: (definition.workflows ?? []).some((w) => w.transitions.some((t) => (t.actions ?? []).some((a) => a.type === 'reserve_stock'))),
    hasIntake: (definition.connectors ?? []).some((c) => c.kind === 'channel' || c.kind === 'webhook'),
  };
}
