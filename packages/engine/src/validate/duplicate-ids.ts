import { pointer, type Problem } from '@statecraft/schema';
import type { DefinitionIndex } from './definition-index.ts';
import { error } from './problems.ts';

/** Reports every id that repeats an earlier one in the same list (the later one is flagged). */
function duplicates(items: readonly unknown[], idOf: (item: never) => string, base: (string | number)[], key: string, what: string, out: Problem[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const id = idOf(item as never);
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, i);
      return;
    }
    out.push(
      error(
        pointer(...base, i, key),
        'DEF_DUPLICATE_ID',
        `${what} "${id}" is declared twice (${pointer(...base, first)} and ${pointer(...base, i)})`,
        `Give each ${what.toLowerCase()} its own id, or remove the copy.`,
      ),
    );
  });
}

type WithId = { id: string };
const byId = (x: WithId) => x.id;

/**
 * Duplicate ids: entities, fields within an entity, roles, workflows, states and transitions
 * within a workflow, rules, connectors, dashboards, reports, enum options, indexes and form
 * sections. Also two workflows for one entity (a record has one state).
 */
export function checkDuplicateIds(index: DefinitionIndex): Problem[] {
  const { def } = index;
  const out: Problem[] = [];
  duplicates(def.entities, byId, ['entities'], 'id', 'Entity', out);
  duplicates(def.roles, byId, ['roles'], 'id', 'Role', out);
  duplicates(def.workflows, byId, ['workflows'], 'id', 'Workflow', out);
  duplicates(def.rules, byId, ['rules'], 'id', 'Rule', out);
  duplicates(def.connectors, byId, ['connectors'], 'id', 'Connector', out);
  duplicates(def.dashboards, byId, ['dashboards'], 'id', 'Dashboard', out);
  duplicates(def.reports, byId, ['reports'], 'id', 'Report', out);
  def.dashboards.forEach((d, i) => duplicates(d.widgets, byId, ['dashboards', i, 'widgets'], 'id', 'Widget', out));
  def.entities.forEach((entity, e) => {
    duplicates(entity.fields, byId, ['entities', e, 'fields'], 'id', 'Field', out);
    duplicates(entity.indexes ?? [], byId, ['entities', e, 'indexes'], 'id', 'Index', out);
    duplicates(entity.form?.sections ?? [], byId, ['entities', e, 'form', 'sections'], 'id', 'Form section', out);
    entity.fields.forEach((field, f) => {
      if (field.type === 'enum' || field.type === 'multienum') {
        duplicates(field.options, (o: { value: string }) => o.value, ['entities', e, 'fields', f, 'options'], 'value', 'Option', out);
      }
    });
  });
  def.workflows.forEach((workflow, w) => {
    duplicates(workflow.states, byId, ['workflows', w, 'states'], 'id', 'State', out);
    duplicates(workflow.transitions, byId, ['workflows', w, 'transitions'], 'id', 'Transition', out);
  });
  const workflowOf = new Map<string, number>();
  def.workflows.forEach((workflow, w) => {
    const first = workflowOf.get(workflow.entity);
    if (first === undefined) {
      workflowOf.set(workflow.entity, w);
      return;
    }
    out.push(
      error(
        pointer('workflows', w, 'entity'),
        'DEF_DUPLICATE_WORKFLOW',
        `Entity "${workflow.entity}" already has a workflow (${pointer('workflows', first)}); a record has only one state`,
        'Merge the two workflows into one, or point this one at another entity.',
      ),
    );
  });
  return out;
}
