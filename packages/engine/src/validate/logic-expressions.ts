import { ADDRESS_PARTS, type Problem } from '@statecraft/schema';
import { definitionExpressions } from '../definition/expressions.ts';
import { compileLogic } from '../logic/compile.ts';
import { LogicCompileError } from '../logic/compile-error.ts';
import { isLogic, operatorOf } from '../logic/evaluator.ts';
import { varReferences, type VarFrame } from '../logic/var-references.ts';
import { FORBIDDEN_SEGMENTS } from '../logic/var-path.ts';
import type { DefinitionIndex, IndexedEntity } from './definition-index.ts';
import { error, listOf } from './problems.ts';

/** The evaluation context's own names, next to the record's fields. */
const CONTEXT_ROOTS: Readonly<Record<string, readonly string[] | 'any' | 'none'>> = {
  $now: 'none',
  $actor: ['id', 'roles'],
  $record: ['id', 'version', 'hold'],
  $facts: 'any',
};

/** Columns a line record carries besides its fields. */
const LINE_COLUMNS = ['id', 'line_no', 'parent_id'];

/** What a frame's data is known to be: a record of an entity, a line of an entity, or unknown. */
type Known = { kind: 'record' | 'line'; entity: IndexedEntity } | { kind: 'reduce'; line?: IndexedEntity } | { kind: 'unknown' };

function resolve(frame: VarFrame, index: DefinitionIndex, entity: IndexedEntity): Known {
  if (frame.kind === 'data') return { kind: 'record', entity };
  const outer = resolve(frame.parent, index, entity);
  let line: IndexedEntity | undefined;
  const source = frame.source;
  if (isLogic(source) && operatorOf(source) === 'var' && (outer.kind === 'record' || outer.kind === 'line')) {
    const arg = source.var;
    const path = Array.isArray(arg) ? arg[0] : arg;
    if (typeof path === 'string' && !path.includes('.')) {
      const field = outer.entity.fields.get(path);
      if (field?.type === 'lines') line = index.entities.get(field.entity);
    }
  }
  if (frame.kind === 'reduce') return line ? { kind: 'reduce', line } : { kind: 'reduce' };
  return line ? { kind: 'line', entity: line } : { kind: 'unknown' };
}

function checkRecordPath(segments: string[], entity: IndexedEntity, kind: 'record' | 'line'): string | undefined {
  const [first, second] = segments as [string, string | undefined];
  if (kind === 'record' && first.startsWith('$')) {
    const allowed = CONTEXT_ROOTS[first];
    if (allowed === undefined) return `"${first}" is not part of the evaluation context (use $now, $actor, $record or $facts)`;
    if (second !== undefined && allowed === 'none') return `"${first}" has no properties`;
    if (second !== undefined && Array.isArray(allowed) && !allowed.includes(second)) return `"${first}" has no "${second}" (it has ${allowed.join(', ')})`;
    return undefined;
  }
  const field = entity.fields.get(first);
  if (!field) {
    if (kind === 'record' && first === entity.workflow?.workflow.stateField) return undefined;
    if (kind === 'line' && LINE_COLUMNS.includes(first)) return undefined;
    if (kind === 'record' && first === 'id') return undefined;
    return `${kind === 'line' ? 'Line entity' : 'Entity'} "${entity.entity.id}" has no field "${first}"`;
  }
  if (field.type === 'address' && second !== undefined && !(ADDRESS_PARTS as readonly string[]).includes(second)) {
    return `Address field "${first}" has no part "${second}" (it has ${ADDRESS_PARTS.join(', ')})`;
  }
  return undefined;
}

/**
 * json-logic: every operator is in the registry with a valid number of arguments, and every
 * `var` reads something that exists: a field of the entity (or the state field, `$now`,
 * `$actor.*`, `$record.*`, `$facts.*`); inside map/filter/all/none/some over a lines field, a
 * field of the line entity; inside reduce, `current` or `accumulator`. No path segment may be
 * `__proto__`, `constructor` or `prototype`.
 */
export function checkLogicExpressions(index: DefinitionIndex): Problem[] {
  const out: Problem[] = [];
  for (const { path, entity: entityId, expression } of definitionExpressions(index.def)) {
    try {
      compileLogic(expression, index.operators);
    } catch (e) {
      if (!(e instanceof LogicCompileError)) throw e;
      out.push(error(path + e.path, e.code, e.message, e.hint));
      continue;
    }
    const entity = index.entities.get(entityId);
    for (const ref of varReferences(expression, index.operators)) {
      const at = path + ref.pointer;
      if (ref.path === '') continue;
      const segments = ref.path.split('.');
      const bad = segments.find((s) => FORBIDDEN_SEGMENTS.has(s));
      if (bad !== undefined) {
        out.push(error(at, 'DEF_FORBIDDEN_PATH', `Path "${ref.path}" uses "${bad}", which could reach an object's prototype`, 'Remove that segment; read fields by their ids.'));
        continue;
      }
      if (!entity) continue;
      const known = resolve(ref.frame, index, entity);
      let problem: string | undefined;
      let names: string[] = [];
      if (known.kind === 'record' || known.kind === 'line') {
        problem = checkRecordPath(segments, known.entity, known.kind);
        names = [...known.entity.fields.keys()];
        if (known.kind === 'record') names.push(...(entity.workflow ? [entity.workflow.workflow.stateField] : []), ...Object.keys(CONTEXT_ROOTS));
      } else if (known.kind === 'reduce') {
        const [first, second] = segments;
        names = ['current', 'accumulator'];
        if (first !== 'current' && first !== 'accumulator') problem = `Inside reduce the data is {current, accumulator}; "${first}" is neither`;
        else if (first === 'current' && second !== undefined && known.line) {
          problem = checkRecordPath(segments.slice(1), known.line, 'line');
          names = [...known.line.fields.keys()].map((f) => `current.${f}`);
        }
      }
      if (problem) out.push(error(at, 'DEF_UNKNOWN_VAR', problem, `Read one of: ${listOf(names)}.`));
    }
  }
  return out;
}

