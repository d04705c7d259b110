import { fieldColumns, pointer, type Problem } from '@statecraft/schema';
import type { DefinitionIndex } from './definition-index.ts';
import { error } from './problems.ts';

/** Ids the store uses for its own columns (`id`, `parent_id`, `line_no`, `_version`…). */
const RESERVED = new Set(['id', 'parent_id', 'line_no']);

export function isReservedFieldId(id: string): boolean {
  return RESERVED.has(id) || id.startsWith('_');
}

const reservedHint = 'Rename it: id, parent_id, line_no and names starting with "_" are the store\'s own columns.';

/**
 * Field ids that the store cannot turn into columns: reserved ids, two fields whose columns
 * collide (an address field `ship` owns ship_province, ship_city…, so a field `ship_city`
 * clashes), and a workflow state field that is also a field or a field's column.
 */
export function checkFieldIds(index: DefinitionIndex): Problem[] {
  const out: Problem[] = [];
  const columnsByEntity = new Map<string, Map<string, string>>();
  index.def.entities.forEach((entity, e) => {
    const owners = new Map<string, string>();
    const ids = new Set<string>();
    entity.fields.forEach((field, f) => {
      const at = pointer('entities', e, 'fields', f, 'id');
      if (isReservedFieldId(field.id)) {
        out.push(error(at, 'DEF_RESERVED_FIELD_ID', `Field id "${field.id}" is reserved`, reservedHint));
      }
      if (ids.has(field.id)) return; // a duplicate id, reported by the duplicate check
      ids.add(field.id);
      for (const { column } of fieldColumns(field)) {
        const owner = owners.get(column);
        if (owner !== undefined) {
          out.push(
            error(
              at,
              'DEF_COLUMN_CLASH',
              `Field "${field.id}" needs the column "${column}", which field "${owner}" already uses`,
              `Rename "${field.id}" (an address field "x" stores its parts in x_province, x_city, x_district, x_detail, x_zip and x_hash).`,
            ),
          );
        } else {
          owners.set(column, field.id);
        }
      }
    });
    if (!columnsByEntity.has(entity.id)) columnsByEntity.set(entity.id, owners);
  });
  index.def.workflows.forEach((workflow, w) => {
    const at = pointer('workflows', w, 'stateField');
    const { stateField } = workflow;
    if (isReservedFieldId(stateField)) {
      out.push(error(at, 'DEF_RESERVED_FIELD_ID', `State field "${stateField}" is reserved`, reservedHint));
      return;
    }
    const entity = index.entities.get(workflow.entity);
    if (!entity) return;
    if (entity.fields.has(stateField)) {
      out.push(
        error(
          at,
          'DEF_STATE_FIELD_CLASH',
          `State field "${stateField}" is also declared as a field of "${workflow.entity}"`,
          'The workflow creates its state field itself: remove the field, or give the state field another name (e.g. "status").',
        ),
      );
      return;
    }
    const owner = columnsByEntity.get(workflow.entity)?.get(stateField);
    if (owner !== undefined) {
      out.push(
        error(at, 'DEF_STATE_FIELD_CLASH', `State field "${stateField}" is a column of field "${owner}"`, 'Give the state field another name (e.g. "status").'),
      );
    }
  });
  return out;
}
