import { fieldColumns, type AppDefinition, type ColumnKind, type Entity, type Field, type FieldColumn } from '@statecraft/schema';
import { shortIdentifier } from './column-types.ts';
import { StoreError } from './store-error.ts';

/** A stored field of an entity: its definition and the columns holding its value. */
export interface FieldModel {
  id: string;
  /** The field type; a workflow state field not declared among the fields is `text`. */
  type: Field['type'];
  field: Field | null;
  columns: FieldColumn[];
  /** The field holds a workflow state: text, always indexed. */
  isState: boolean;
}

/** A `lines` field: its values are records of `entity`, stored in that entity's table. */
export interface LinesModel {
  field: string;
  entity: string;
}

/** A database index the definition asks for. */
export interface IndexModel {
  name: string;
  columns: string[];
  unique: boolean;
}

/** A data column of an entity table (system columns excluded). */
export interface ColumnModel {
  column: string;
  kind: ColumnKind;
  field: string;
  role: 'field' | 'state' | 'parent';
}

/** Everything the store needs to know about one entity to lay out and read its table. */
export interface EntityModel {
  id: string;
  table: string;
  /** Stored fields (everything but lines), in definition order; state fields included. */
  fields: Map<string, FieldModel>;
  lines: LinesModel[];
  /** Set when this entity is the target of a lines field: its rows belong to a parent row. */
  parent: { entity: string; table: string; field: string } | null;
  columns: ColumnModel[];
  indexes: IndexModel[];
}

/** The entity models of one definition, parents before their line entities. */
export interface AppModel {
  entities: Map<string, EntityModel>;
  /** Creation order: a line entity comes after the entity that owns it (its foreign key needs it). */
  order: string[];
}

/** Columns every entity table has; a field may not take their names. */
export const SYSTEM_COLUMNS = ['id', '_version', '_def_version', '_created_at', '_updated_at', '_created_by', '_updated_by', '_hold'] as const;
/** Columns of line tables. */
export const LINE_COLUMNS = ['parent_id', 'line_no'] as const;

/** `e_<entity>`: entity ids are stable and database-safe by schema, so they name the table. */
export function entityTable(entity: string): string {
  return `e_${entity}`;
}

function unsupported(message: string, details?: Record<string, unknown>): StoreError {
  return new StoreError('STORE_UNSUPPORTED_DEFINITION', message, details);
}

/**
 * Derives the table layout of every entity from a definition: columns per field (via
 * `fieldColumns()`), workflow state columns, parent links of line entities and indexes.
 *
 * @example
 * const model = buildAppModel(def);
 * model.entities.get('order')?.columns.map((c) => c.column) // → ['order_no', 'ship_to_province', …, 'status']
 */
export function buildAppModel(def: AppDefinition): AppModel {
  const entities = new Map<string, EntityModel>();
  const byId = new Map<string, Entity>(def.entities.map((e) => [e.id, e]));

  for (const entity of def.entities) {
    const fields = new Map<string, FieldModel>();
    const lines: LinesModel[] = [];
    for (const field of entity.fields) {
      if (fields.has(field.id) || lines.some((l) => l.field === field.id)) {
        throw unsupported(`Entity "${entity.id}" declares field "${field.id}" twice: give each field its own id.`, { entity: entity.id, field: field.id });
      }
      if (field.type === 'lines') {
        if (!byId.has(field.entity)) {
          throw new StoreError('STORE_UNKNOWN_ENTITY', `Field "${entity.id}.${field.id}" lists lines of entity "${field.entity}", which the definition does not declare: add the entity or fix the field's "entity".`, { entity: entity.id, field: field.id });
        }
        lines.push({ field: field.id, entity: field.entity });
        continue;
      }
      fields.set(field.id, { id: field.id, type: field.type, field, columns: fieldColumns(field), isState: false });
    }
    entities.set(entity.id, { id: entity.id, table: entityTable(entity.id), fields, lines, parent: null, columns: [], indexes: [] });
  }

  for (const workflow of def.workflows) {
    const model = entities.get(workflow.entity);
    if (!model) {
      throw new StoreError('STORE_UNKNOWN_ENTITY', `Workflow "${workflow.id}" runs on entity "${workflow.entity}", which the definition does not declare: fix the workflow's "entity".`, { workflow: workflow.id });
    }
    const declared = model.fields.get(workflow.stateField);
    if (declared) {
      if (declared.columns.length !== 1 || (declared.columns[0]?.kind !== 'text' && declared.columns[0]?.kind !== 'longtext')) {
        throw unsupported(`Workflow "${workflow.id}" keeps its state in "${workflow.entity}.${workflow.stateField}", a ${declared.type} field: a state field must be text or enum.`, { workflow: workflow.id });
      }
      declared.isState = true;
    } else if (model.lines.some((l) => l.field === workflow.stateField)) {
      throw unsupported(`Workflow "${workflow.id}" keeps its state in "${workflow.entity}.${workflow.stateField}", a lines field: pick another state field.`, { workflow: workflow.id });
    } else {
      model.fields.set(workflow.stateField, { id: workflow.stateField, type: 'text', field: null, columns: [{ column: workflow.stateField, kind: 'text' }], isState: true });
    }
  }

  // Parents: a line entity belongs to exactly one lines field, so parent_id has one target.
  for (const model of entities.values()) {
    for (const line of model.lines) {
      const child = entities.get(line.entity)!;
      if (child.id === model.id) {
        throw unsupported(`Field "${model.id}.${line.field}" lists lines of its own entity: lines must be another entity.`, { entity: model.id, field: line.field });
      }
      if (child.parent) {
        throw unsupported(`Entity "${child.id}" is the lines of both "${child.parent.entity}.${child.parent.field}" and "${model.id}.${line.field}": a line entity belongs to one parent; declare a second line entity.`, { entity: child.id });
      }
      child.parent = { entity: model.id, table: model.table, field: line.field };
    }
  }
  for (const model of entities.values()) {
    if (model.parent && model.lines.length > 0) {
      throw unsupported(`Entity "${model.id}" is itself the lines of "${model.parent.entity}" and has lines of its own ("${model.lines[0]!.field}"): only one level of lines is supported.`, { entity: model.id });
    }
  }

  for (const model of entities.values()) {
    layOutColumns(model);
    model.indexes = indexesOf(model, byId.get(model.id)!);
  }

  const order = [...entities.values()].filter((m) => !m.parent).map((m) => m.id);
  order.push(...[...entities.values()].filter((m) => m.parent).map((m) => m.id));
  return { entities, order };
}

function layOutColumns(model: EntityModel): void {
  const owner = new Map<string, string>();
  const reserved = new Set<string>([...SYSTEM_COLUMNS, ...LINE_COLUMNS]);
  const columns: ColumnModel[] = [];
  if (model.parent) {
    columns.push({ column: 'parent_id', kind: 'bigint', field: 'parent_id', role: 'parent' });
    columns.push({ column: 'line_no', kind: 'bigint', field: 'line_no', role: 'parent' });
  }
  for (const fm of model.fields.values()) {
    for (const col of fm.columns) {
      if (reserved.has(col.column)) {
        throw new StoreError('STORE_COLUMN_CONFLICT', `Field "${model.id}.${fm.id}" would be stored in column "${col.column}", which the store uses itself: rename the field.`, { entity: model.id, field: fm.id });
      }
      const other = owner.get(col.column);
      if (other !== undefined) {
        throw new StoreError('STORE_COLUMN_CONFLICT', `Fields "${model.id}.${other}" and "${model.id}.${fm.id}" would both be stored in column "${col.column}" (an address field "x" uses x_province, x_city, …): rename one of them.`, { entity: model.id, fields: [other, fm.id] });
      }
      owner.set(col.column, fm.id);
      columns.push({ column: col.column, kind: col.kind, field: fm.id, role: fm.isState ? 'state' : 'field' });
    }
  }
  model.columns = columns;
}

function indexesOf(model: EntityModel, entity: Entity): IndexModel[] {
  const indexes: IndexModel[] = [];
  const add = (suffix: string, columns: string[], unique: boolean) => {
    const base = `${unique ? 'ux' : 'ix'}_${model.table}_${suffix}`;
    let name = shortIdentifier(base);
    // Same columns under another name (a field both indexed and listed in indexes): one index is enough.
    if (indexes.some((i) => i.unique === unique && i.columns.join() === columns.join())) return;
    for (let n = 2; indexes.some((i) => i.name === name); n++) name = shortIdentifier(`${base}_${n}`);
    indexes.push({ name, columns, unique });
  };
  if (model.parent) add('parent', ['parent_id', 'line_no'], false);
  for (const fm of model.fields.values()) {
    const field = fm.field;
    const cols = fm.columns.map((c) => c.column);
    if (cols.length === 0) continue;
    if (field?.unique) add(fm.id, cols, true);
    else if (field?.indexed || fm.isState) add(fm.id, cols, false);
  }
  for (const index of entity.indexes ?? []) {
    const columns: string[] = [];
    for (const name of index.fields) {
      // `ship_to.district`: one part of an address field, e.g. to lead an index with the district.
      const [fieldId = name, part] = name.split('.');
      const fm = model.fields.get(fieldId);
      const cols = fm?.columns.filter((c) => part === undefined || c.part === part) ?? [];
      if (!fm || cols.length === 0) {
        throw new StoreError('STORE_UNKNOWN_FIELD', `Index "${entity.id}.${index.id}" lists "${name}", which is not a stored field of "${entity.id}" (nor a part of an address field, e.g. ship_to.district): fix the index's "fields".`, { entity: entity.id, index: index.id, field: name });
      }
      columns.push(...cols.map((c) => c.column));
    }
    add(index.id, columns, index.unique === true);
  }
  return withoutCoveredIndexes(indexes);
}

/**
 * Drops a plain index whose columns lead a longer index (`status` beside `status, ordered_at`):
 * the longer one answers the same lookups and sorts, and every index is one more write per insert.
 */
function withoutCoveredIndexes(indexes: IndexModel[]): IndexModel[] {
  const leads = (short: string[], long: string[]) => long.length > short.length && short.every((c, i) => long[i] === c);
  return indexes.filter((ix) => ix.unique || !indexes.some((other) => leads(ix.columns, other.columns)));
}
