import { pointer, type Action, type Field, type Problem, type ReserveStockAction } from '@statecraft/schema';
import { RESERVE_STOCK_DEFAULTS } from '../actions/reserve_stock.ts';
import type { DefinitionIndex, IndexedEntity } from './definition-index.ts';
import { error, listOf, warning } from './problems.ts';

type Path = (string | number)[];

function fieldOfType(
  entity: IndexedEntity,
  id: string,
  types: readonly Field['type'][],
  at: string,
  role: string,
  out: Problem[],
): void {
  const field = entity.fields.get(id);
  if (!field) {
    out.push(error(at, 'DEF_UNKNOWN_FIELD', `Entity "${entity.entity.id}" has no field "${id}"`, `Use one of: ${listOf(entity.fields.keys())}.`));
    return;
  }
  if (!types.includes(field.type)) {
    const fitting = [...entity.fields.values()].filter((f) => types.includes(f.type)).map((f) => f.id);
    out.push(
      error(at, 'DEF_STOCK_FIELD_TYPE', `reserve_stock reads ${role} from "${id}", a ${field.type} field; it must be ${types.join(' or ')}`, `Use one of: ${listOf(fitting)}.`),
    );
  }
}

function checkReserve(index: DefinitionIndex, entityId: string, action: ReserveStockAction, base: Path, out: Problem[]): void {
  const entity = index.entities.get(entityId);
  if (!entity) return;
  const at = (key: string) => pointer(...base, key);
  const lines = entity.fields.get(action.lines);
  if (!lines || lines.type !== 'lines') {
    const candidates = [...entity.fields.values()].filter((f) => f.type === 'lines').map((f) => f.id);
    out.push(
      error(at('lines'), 'DEF_STOCK_LINES', `reserve_stock reserves the items of a lines field; "${action.lines}" of "${entityId}" is ${lines ? `a ${lines.type} field` : 'not a field'}`, `Use one of: ${listOf(candidates)}.`),
    );
  } else {
    const lineEntity = index.entities.get(lines.entity);
    if (lineEntity) {
      fieldOfType(lineEntity, action.sku ?? RESERVE_STOCK_DEFAULTS.sku, ['text'], at('sku'), 'the SKU code', out);
      fieldOfType(lineEntity, action.qty ?? RESERVE_STOCK_DEFAULTS.qty, ['integer'], at('qty'), 'the quantity', out);
    }
  }
  if (action.presaleField !== undefined) fieldOfType(entity, action.presaleField, ['boolean'], at('presaleField'), 'the presale flag', out);
  if (action.shipDateField !== undefined) fieldOfType(entity, action.shipDateField, ['date'], at('shipDateField'), 'the expected ship date', out);
  if ((action.onShort ?? RESERVE_STOCK_DEFAULTS.onShort) === 'event') {
    const event = action.shortEvent ?? RESERVE_STOCK_DEFAULTS.shortEvent;
    const listens = entity.workflow?.workflow.transitions.some((t) => t.trigger === 'event' && t.event === event);
    if (!listens) {
      out.push(
        warning(
          at('shortEvent'),
          'DEF_STOCK_SHORT_EVENT',
          `No transition of "${entityId}" listens to "${event}": a short reservation would leave the record where it is, unreserved`,
          `Add an event transition with event "${event}" (e.g. to an out-of-stock state), or set onShort to "refuse".`,
        ),
      );
    }
  }
}

/**
 * Stock actions: reserve_stock must name a lines field, the line entity's SKU (text) and
 * quantity (integer) fields, a boolean presale field and a date ship-date field; a warning when
 * no transition listens to its short event.
 */
export function checkStockActions(index: DefinitionIndex): Problem[] {
  const out: Problem[] = [];
  const each = (entityId: string, actions: readonly Action[] | undefined, base: Path) =>
    (actions ?? []).forEach((action, a) => {
      if (action.type === 'reserve_stock') checkReserve(index, entityId, action, [...base, a], out);
    });
  index.def.workflows.forEach((workflow, w) =>
    workflow.transitions.forEach((transition, t) => each(workflow.entity, transition.actions, ['workflows', w, 'transitions', t, 'actions'])),
  );
  index.def.rules.forEach((rule, r) => each(rule.entity, rule.actions, ['rules', r, 'actions']));
  return out;
}
