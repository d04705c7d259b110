import type { Problem } from '@statecraft/schema';
import type { CompiledApp, CompiledEntity, CompiledField } from '../compile/compiled-app.ts';
import { FIELD_PROBLEM, isPlainObject } from '../compile/field-checks.ts';
import type { RecordData } from '../record.ts';
import { blankRecord } from './record-shape.ts';

/** Types whose empty form value "" means "no value" (null); text keeps "". */
const EMPTY_IS_NULL = new Set(['integer', 'decimal', 'money', 'boolean', 'date', 'datetime', 'enum', 'reference', 'address', 'multienum', 'lines']);
const LINE_COLUMNS = ['id', 'line_no'];

function unknownField(entity: CompiledEntity, key: string, path: string): Problem {
  return {
    path,
    code: FIELD_PROBLEM.unknownField,
    message: `"${entity.id}" has no field "${key}"`,
    hint: `Use: ${[...entity.fields.keys()].join(', ')}.`,
    severity: 'error',
  };
}

function readOnly(entity: CompiledEntity, key: string, path: string, why: string): Problem {
  return { path, code: FIELD_PROBLEM.readOnly, message: `"${entity.id}.${key}" cannot be changed here: ${why}`, hint: 'Remove it from the data.', severity: 'error' };
}

/**
 * A line as given, with missing fields filled from the line entity's defaults. Only known keys
 * are copied (an unknown key, `__proto__` included, is reported, never assigned).
 */
function normalizeLine(app: CompiledApp, lineEntity: CompiledEntity, line: unknown, path: string, problems: Problem[]): unknown {
  if (!isPlainObject(line)) return line;
  const out: RecordData = {};
  for (const key of Object.keys(line)) {
    if (!lineEntity.fields.has(key) && !LINE_COLUMNS.includes(key)) problems.push(unknownField(lineEntity, key, `${path}/${key}`));
  }
  for (const key of LINE_COLUMNS) if (Object.hasOwn(line, key)) out[key] = line[key];
  for (const field of lineEntity.fieldList) {
    const given = Object.hasOwn(line, field.id) ? line[field.id] : undefined;
    out[field.id] = given === undefined ? field.defaultValue() : normalizeValue(app, field, given, `${path}/${field.id}`, problems);
  }
  return out;
}

/** A value as given by a caller, made canonical: "" → null for non-text types, lines filled in. */
export function normalizeValue(app: CompiledApp, field: CompiledField, value: unknown, path: string, problems: Problem[]): unknown {
  if (value === undefined) return null;
  if (value === '' && EMPTY_IS_NULL.has(field.def.type)) return null;
  if (field.lineEntity !== undefined && Array.isArray(value)) {
    const lineEntity = app.entities.get(field.lineEntity);
    if (!lineEntity) return value;
    return value.map((line, i) => normalizeLine(app, lineEntity, line, `${path}/${i}`, problems));
  }
  return value;
}

// `/data/<field>` for every field id seen: built once rather than for every field of every record.
const dataPaths = new Map<string, string>();
function dataPath(id: string): string {
  let path = dataPaths.get(id);
  if (path === undefined) dataPaths.set(id, (path = `/data/${id}`));
  return path;
}

/**
 * The data of a new record: the given values, defaults for the rest, null where there is
 * neither; problems for unknown fields, bad values and a state other than the initial one.
 */
export function prepareCreate(app: CompiledApp, entity: CompiledEntity, input: unknown): { data: RecordData; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!isPlainObject(input)) {
    problems.push({ path: '/data', code: FIELD_PROBLEM.type, message: 'The record data must be an object', hint: 'Send {"field_id": value, …}.', severity: 'error' });
    return { data: {}, problems };
  }
  // Every record key, the state field's null included (decideCreate sets the initial state).
  const data = blankRecord(entity);
  const workflow = entity.workflow;
  for (const key of Object.keys(input)) {
    if (entity.fields.has(key)) continue;
    if (workflow && key === workflow.stateField) {
      const v = input[key];
      if (v !== null && v !== undefined && v !== workflow.initial) {
        problems.push(readOnly(entity, key, `/data/${key}`, `a new record starts in "${workflow.initial}"; use a transition to move it`));
      }
      continue;
    }
    problems.push(unknownField(entity, key, `/data/${key}`));
  }
  for (const field of entity.fieldList) {
    const path = dataPath(field.id);
    if (field.compute) {
      data[field.id] = null;
      continue;
    }
    const given = Object.hasOwn(input, field.id) ? input[field.id] : undefined;
    const value = given === undefined ? normalizeValue(app, field, field.defaultValue(), path, problems) : normalizeValue(app, field, given, path, problems);
    data[field.id] = value;
    field.check(value, path, problems);
  }
  return { data, problems };
}

/**
 * A patch checked against the entity: unknown fields, read-only fields (readOnly, computed, the
 * state field) and bad values are problems; the patch comes back normalized.
 */
export function preparePatch(app: CompiledApp, entity: CompiledEntity, input: unknown): { patch: RecordData; problems: Problem[] } {
  const problems: Problem[] = [];
  const patch: RecordData = {};
  if (!isPlainObject(input)) {
    problems.push({ path: '/data', code: FIELD_PROBLEM.type, message: 'The patch must be an object', hint: 'Send {"field_id": value, …}.', severity: 'error' });
    return { patch, problems };
  }
  for (const key of Object.keys(input)) {
    const path = `/data/${key}`;
    if (entity.workflow && key === entity.workflow.stateField) {
      problems.push(readOnly(entity, key, path, 'the state changes only through transitions'));
      continue;
    }
    const field = entity.fields.get(key);
    if (!field) {
      problems.push(unknownField(entity, key, path));
      continue;
    }
    if (field.readOnly) {
      problems.push(readOnly(entity, key, path, field.compute ? 'it is computed' : 'it is read-only (set by actions, intake or computation)'));
      continue;
    }
    const value = normalizeValue(app, field, input[key], path, problems);
    field.check(value, path, problems);
    patch[key] = value;
  }
  return { patch, problems };
}
