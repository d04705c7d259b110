import { pointer, type Problem } from '@statecraft/schema';
import type { DefinitionIndex } from './definition-index.ts';
import { error } from './problems.ts';

/**
 * Lines fields: a line entity belongs to one parent (its table has one parent_id), so two
 * lines fields may not point at the same entity, and an entity cannot be its own lines.
 */
export function checkLines(index: DefinitionIndex): Problem[] {
  const out: Problem[] = [];
  const owner = new Map<string, { entity: string; field: string }>();
  index.def.entities.forEach((entity, e) => {
    entity.fields.forEach((field, f) => {
      if (field.type !== 'lines') return;
      const at = pointer('entities', e, 'fields', f, 'entity');
      if (field.entity === entity.id) {
        out.push(error(at, 'DEF_LINES_SELF', `Lines field "${field.id}" makes "${entity.id}" its own lines`, 'Point the lines field at a separate line entity (e.g. "order_line").'));
        return;
      }
      const first = owner.get(field.entity);
      if (first) {
        out.push(
          error(
            at,
            'DEF_LINES_SHARED',
            `Entity "${field.entity}" is already the lines of ${first.entity}.${first.field}; a line entity has one parent`,
            `Create a separate line entity for "${entity.id}.${field.id}".`,
          ),
        );
        return;
      }
      owner.set(field.entity, { entity: entity.id, field: field.id });
    });
  });
  return out;
}
