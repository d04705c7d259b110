import type { CompiledEntity } from '../compile/compiled-app.ts';
import type { RecordData } from '../record.ts';

/** The `$` keys every decision scope has after the record's keys (see DecisionRun). */
const SCOPE_KEYS = ['$now', '$actor', '$facts', '$record'] as const;

interface Shapes {
  record: RecordData;
  scope: RecordData;
}

const shapes = new WeakMap<CompiledEntity, Shapes>();

function shapesOf(entity: CompiledEntity): Shapes {
  let found = shapes.get(entity);
  if (!found) {
    // JSON.parse builds objects in V8's fast mode whatever their size; building them key by key
    // (`data[key] = …`) would not (see blankRecord).
    const nulls = (keys: readonly string[]) => `{${keys.map((k) => `${JSON.stringify(k)}:null`).join(',')}}`;
    found = { record: JSON.parse(nulls(entity.recordKeys)) as RecordData, scope: JSON.parse(nulls([...entity.recordKeys, ...SCOPE_KEYS])) as RecordData };
    shapes.set(entity, found);
  }
  return found;
}

/**
 * A new object with the entity's record keys, in `recordKeys` order, all null: fill it with
 * `data[key] = value`. V8 turns an object into a slow dictionary once more than about a dozen
 * properties are added by computed key, which is how a record's data is built; an order has
 * forty fields, so every record object was a dictionary (slower to fill, read, copy and turn
 * into JSON). A copy of a template keeps the template's fast layout, shared by every record of
 * the entity. Adding a key the entity does not declare still works (the copy then becomes a
 * dictionary).
 *
 * @example const data = blankRecord(entity); for (const key of entity.recordKeys) data[key] = input[key] ?? null;
 */
export function blankRecord(entity: CompiledEntity): RecordData {
  return { ...shapesOf(entity).record };
}

/** As blankRecord, followed by the `$` keys of a decision's scope ($now, $actor, $facts, $record). */
export function blankScope(entity: CompiledEntity): RecordData {
  return { ...shapesOf(entity).scope };
}
