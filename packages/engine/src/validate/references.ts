import { pointer, type Action, type I18NText, type Problem } from '@statecraft/schema';
import { placeholders } from '../actions/render-message.ts';
import type { DefinitionIndex, IndexedEntity } from './definition-index.ts';
import { error, listOf, warning } from './problems.ts';

type Path = (string | number)[];

/** The connector every app has without declaring it: the in-app inbox. */
export const INBOX_CONNECTOR = 'inbox';

function unknownEntity(index: DefinitionIndex, id: string, at: string, out: Problem[]): boolean {
  if (index.entities.has(id)) return false;
  out.push(error(at, 'DEF_UNKNOWN_ENTITY', `There is no entity "${id}"`, `Use one of: ${listOf(index.entities.keys())}.`));
  return true;
}

function checkRoles(index: DefinitionIndex, roles: readonly string[] | undefined, base: Path, out: Problem[]): void {
  (roles ?? []).forEach((role, i) => {
    if (!index.roles.has(role)) {
      out.push(error(pointer(...base, i), 'DEF_UNKNOWN_ROLE', `There is no role "${role}"`, `Declare it under /roles or use one of: ${listOf(index.roles)}.`));
    }
  });
}

/** Field ids of an entity, plus extra accepted names (the state field, `id`…). */
function checkFieldRef(entity: IndexedEntity, id: string, at: string, out: Problem[], extra: readonly string[] = []): void {
  if (entity.fields.has(id) || extra.includes(id)) return;
  out.push(
    error(at, 'DEF_UNKNOWN_FIELD', `Entity "${entity.entity.id}" has no field "${id}"`, `Use one of: ${listOf([...entity.fields.keys(), ...extra])}.`),
  );
}

/** An index column: a field (or the state field), or one part of an address field (`ship_to.district`). */
function checkIndexField(entity: IndexedEntity, id: string, at: string, out: Problem[], extra: readonly string[]): void {
  const dot = id.indexOf('.');
  if (dot < 0) return checkFieldRef(entity, id, at, out, extra);
  const field = entity.fields.get(id.slice(0, dot));
  if (field?.type === 'address') return;
  const addresses = [...entity.fields.values()].filter((f) => f.type === 'address').map((f) => `${f.id}.district`);
  const hint = addresses.length ? `Only an address field's parts can be indexed one by one, e.g. ${listOf(addresses)}.` : `Only an address field's parts can be indexed one by one, and "${entity.entity.id}" has no address field: index the field itself.`;
  out.push(error(at, 'DEF_UNKNOWN_FIELD', `Entity "${entity.entity.id}" has no address field "${id.slice(0, dot)}" for "${id}"`, hint));
}

function checkPlaceholders(entity: IndexedEntity, text: I18NText | undefined, base: Path, out: Problem[]): void {
  if (!text) return;
  const known = new Set([...entity.fields.keys(), 'id', ...(entity.workflow ? [entity.workflow.workflow.stateField] : [])]);
  for (const [lang, message] of Object.entries(text)) {
    for (const name of placeholders(message as string)) {
      if (!known.has(name)) {
        out.push(
          warning(
            pointer(...base, lang),
            'DEF_UNKNOWN_PLACEHOLDER',
            `{{${name}}} is not a field of "${entity.entity.id}"; it is shown as it is`,
            `Use {{field_id}} with one of: ${listOf(known)}.`,
          ),
        );
      }
    }
  }
}

function checkActions(index: DefinitionIndex, entityId: string, actions: readonly Action[] | undefined, base: Path, out: Problem[]): void {
  const entity = index.entities.get(entityId);
  (actions ?? []).forEach((action, a) => {
    const at = (...rest: Path) => pointer(...base, a, ...rest);
    switch (action.type) {
      case 'set_field': {
        if (!entity) break;
        const stateField = entity.workflow?.workflow.stateField;
        if (action.field === stateField) {
          out.push(
            error(at('field'), 'DEF_FIELD_NOT_SETTABLE', `set_field cannot change the state field "${action.field}"`, 'Change the state with a transition (run_transition), not set_field.'),
          );
          break;
        }
        const field = entity.fields.get(action.field);
        if (!field) checkFieldRef(entity, action.field, at('field'), out);
        else if (field.type === 'computed') {
          out.push(
            error(at('field'), 'DEF_FIELD_NOT_SETTABLE', `"${action.field}" is computed; set_field cannot set it`, 'Set one of the fields its expression reads instead.'),
          );
        }
        break;
      }
      case 'create_record': {
        if (unknownEntity(index, action.entity, at('entity'), out)) break;
        const target = index.entities.get(action.entity)!;
        for (const key of Object.keys(action.values)) {
          const field = target.fields.get(key);
          if (!field) checkFieldRef(target, key, at('values', key), out);
          else if (field.type === 'computed') {
            out.push(error(at('values', key), 'DEF_FIELD_NOT_SETTABLE', `"${key}" of "${action.entity}" is computed; it cannot be given a value`, 'Remove it from values.'));
          }
        }
        break;
      }
      case 'run_transition': {
        const workflow = entity?.workflow?.workflow;
        if (!entity) break;
        if (!workflow || !workflow.transitions.some((t) => t.id === action.transition)) {
          out.push(
            error(
              at('transition'),
              'DEF_UNKNOWN_TRANSITION',
              `The workflow of "${entityId}" has no transition "${action.transition}"`,
              `Use one of: ${listOf(workflow?.transitions.map((t) => t.id) ?? [])}.`,
            ),
          );
        }
        break;
      }
      case 'notify': {
        if (action.connector !== INBOX_CONNECTOR) {
          const connector = index.connectors.get(action.connector);
          if (!connector) {
            out.push(
              error(
                at('connector'),
                'DEF_UNKNOWN_CONNECTOR',
                `There is no connector "${action.connector}"`,
                `Use "${INBOX_CONNECTOR}" for the in-app inbox, or one of: ${listOf(index.connectors.keys())}.`,
              ),
            );
          } else if (connector.kind !== 'messenger') {
            out.push(
              warning(
                at('connector'),
                'DEF_CONNECTOR_KIND',
                `Connector "${action.connector}" is a ${connector.kind} connector, not a messenger`,
                'Notify through a messenger connector (DingTalk, WeCom, e-mail) or "inbox".',
              ),
            );
          }
        }
        checkRoles(index, action.mentionRoles, [...base, a, 'mentionRoles'], out);
        if (entity) {
          checkPlaceholders(entity, action.message, [...base, a, 'message'], out);
          checkPlaceholders(entity, action.title, [...base, a, 'title'], out);
        }
        break;
      }
      case 'raise_alert':
        if (entity) checkPlaceholders(entity, action.message, [...base, a, 'message'], out);
        break;
      default:
        break;
    }
  });
}

/**
 * Unknown references: entities (workflows, rules, reference and lines fields, create_record),
 * fields (titleField, list, form, indexes, set_field, create_record values), states (from, to,
 * rule.on.state), transitions (rule.on.transition, run_transition), roles (transitions,
 * permissions, dashboards, mentionRoles) and connectors (notify, besides the built-in inbox).
 */
export function checkReferences(index: DefinitionIndex): Problem[] {
  const { def } = index;
  const out: Problem[] = [];

  def.entities.forEach((entityDef, e) => {
    const entity = index.entities.get(entityDef.id);
    if (!entity || entity.entity !== entityDef) return; // a duplicate entity, reported elsewhere
    const stateField = entity.workflow?.workflow.stateField;
    const recordColumns = ['id', ...(stateField ? [stateField] : [])];
    const base = ['entities', e] as Path;
    entityDef.fields.forEach((field, f) => {
      if (field.type === 'reference' || field.type === 'lines') unknownEntity(index, field.entity, pointer(...base, 'fields', f, 'entity'), out);
    });
    if (entityDef.titleField !== undefined) checkFieldRef(entity, entityDef.titleField, pointer(...base, 'titleField'), out);
    entityDef.list?.columns?.forEach((id, i) => checkFieldRef(entity, id, pointer(...base, 'list', 'columns', i), out, recordColumns));
    entityDef.list?.searchFields?.forEach((id, i) => checkFieldRef(entity, id, pointer(...base, 'list', 'searchFields', i), out, recordColumns));
    const sort = entityDef.list?.defaultSort;
    if (sort) checkFieldRef(entity, sort.field, pointer(...base, 'list', 'defaultSort', 'field'), out, [...recordColumns, '_created_at', '_updated_at']);
    entityDef.form?.sections.forEach((section, s) =>
      section.fields.forEach((id, i) => checkFieldRef(entity, id, pointer(...base, 'form', 'sections', s, 'fields', i), out, stateField ? [stateField] : [])),
    );
    entityDef.indexes?.forEach((idx, x) => idx.fields.forEach((id, i) => checkIndexField(entity, id, pointer(...base, 'indexes', x, 'fields', i), out, stateField ? [stateField] : [])));
    const permissions = entityDef.permissions;
    if (permissions) {
      for (const key of ['read', 'create', 'update', 'delete', 'release'] as const) checkRoles(index, permissions[key], [...base, 'permissions', key], out);
    }
  });

  def.workflows.forEach((workflow, w) => {
    unknownEntity(index, workflow.entity, pointer('workflows', w, 'entity'), out);
    const states = new Set(workflow.states.map((s) => s.id));
    const stateHint = `Use one of the workflow's states: ${listOf(states)}.`;
    workflow.transitions.forEach((t, i) => {
      const base = ['workflows', w, 'transitions', i] as Path;
      t.from.forEach((s, k) => {
        if (!states.has(s)) out.push(error(pointer(...base, 'from', k), 'DEF_UNKNOWN_STATE', `Transition "${t.id}" leaves unknown state "${s}"`, stateHint));
      });
      if (!states.has(t.to)) out.push(error(pointer(...base, 'to'), 'DEF_UNKNOWN_STATE', `Transition "${t.id}" goes to unknown state "${t.to}"`, stateHint));
      checkRoles(index, t.roles, [...base, 'roles'], out);
      checkActions(index, workflow.entity, t.actions, [...base, 'actions'], out);
    });
  });

  def.rules.forEach((rule, r) => {
    const missingEntity = unknownEntity(index, rule.entity, pointer('rules', r, 'entity'), out);
    checkActions(index, rule.entity, rule.actions, ['rules', r, 'actions'], out);
    if (missingEntity) return;
    const workflow = index.entities.get(rule.entity)!.workflow?.workflow;
    const { on } = rule;
    if (on.event !== 'transition' && (on.transition !== undefined || on.state !== undefined)) {
      out.push(
        warning(
          pointer('rules', r, 'on', on.transition !== undefined ? 'transition' : 'state'),
          'DEF_RULE_FILTER_IGNORED',
          `Rule "${rule.id}" runs on "${on.event}", so its transition/state filter is never used`,
          'Set on.event to "transition", or remove on.transition and on.state.',
        ),
      );
    }
    if (!workflow) {
      if (on.event === 'transition') {
        out.push(
          error(pointer('rules', r, 'on', 'event'), 'DEF_RULE_NO_WORKFLOW', `Entity "${rule.entity}" has no workflow, so it has no transitions`, 'Use on.event "created" or "updated", or add a workflow for the entity.'),
        );
      }
      return;
    }
    if (on.state !== undefined && !workflow.states.some((s) => s.id === on.state)) {
      out.push(
        error(pointer('rules', r, 'on', 'state'), 'DEF_UNKNOWN_STATE', `The workflow of "${rule.entity}" has no state "${on.state}"`, `Use one of: ${listOf(workflow.states.map((s) => s.id))}.`),
      );
    }
    if (on.transition !== undefined && !workflow.transitions.some((t) => t.id === on.transition)) {
      out.push(
        error(
          pointer('rules', r, 'on', 'transition'),
          'DEF_UNKNOWN_TRANSITION',
          `The workflow of "${rule.entity}" has no transition "${on.transition}"`,
          `Use one of: ${listOf(workflow.transitions.map((t) => t.id))}.`,
        ),
      );
    }
  });

  def.dashboards.forEach((d, i) => checkRoles(index, d.roles, ['dashboards', i, 'roles'], out));
  return out;
}
