import { pointerSegment } from '@statecraft/schema';
import { isLogic, operatorOf } from './evaluator.ts';
import { standardOperators, type OperatorRegistry } from './registry.ts';

/**
 * The data a `var` reads. `data` is the top-level data (a record plus `$now`…); inside
 * map/filter/all/none/some it is each `item` of the array `source`; inside reduce it is
 * `{current, accumulator}` over the items of `source`. `source` is the raw array expression,
 * evaluated in `parent`.
 */
export type VarFrame =
  | { readonly kind: 'data' }
  | { readonly kind: 'item' | 'reduce'; readonly source: unknown; readonly parent: VarFrame };

/** One data path read by an expression, through `var`, `missing` or `missing_some`. */
export interface VarReference {
  /** The path as written, e.g. `ship_to.city` (only literal paths are reported). */
  readonly path: string;
  /** JSON pointer to the path inside the expression, e.g. `/and/0/var`. */
  readonly pointer: string;
  readonly frame: VarFrame;
}

const DATA: VarFrame = { kind: 'data' };

function isLiteralPath(value: unknown): value is string | number | null {
  return value === null || typeof value === 'string' || typeof value === 'number';
}

function walk(node: unknown, at: string, frame: VarFrame, registry: OperatorRegistry, out: VarReference[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${at}/${i}`, frame, registry, out));
    return;
  }
  if (!isLogic(node)) return;
  const op = operatorOf(node);
  const value = node[op];
  const raw = Array.isArray(value) ? value : [value];
  const opAt = `${at}/${pointerSegment(op)}`;
  const argAt = (i: number) => (Array.isArray(value) ? `${opAt}/${i}` : opAt);

  if (op === 'var') {
    const path = raw[0];
    if (raw.length > 0 && isLiteralPath(path)) out.push({ path: path === null ? '' : String(path), pointer: argAt(0), frame });
    else if (raw.length > 0) walk(path, argAt(0), frame, registry, out);
    if (raw.length > 1) walk(raw[1], argAt(1), frame, registry, out);
    return;
  }
  if (op === 'missing' || op === 'missing_some') {
    const keysAt = op === 'missing' ? (Array.isArray(raw[0]) ? argAt(0) : undefined) : argAt(1);
    const keys = op === 'missing' ? (Array.isArray(raw[0]) ? raw[0] : raw) : raw[1];
    if (Array.isArray(keys)) {
      keys.forEach((key, i) => {
        const keyAt = keysAt === undefined ? argAt(i) : `${keysAt}/${i}`;
        if (typeof key === 'string' || typeof key === 'number') out.push({ path: String(key), pointer: keyAt, frame });
        else walk(key, keyAt, frame, registry, out);
      });
    } else {
      walk(keys, argAt(op === 'missing' ? 0 : 1), frame, registry, out);
    }
    if (op === 'missing_some') walk(raw[0], argAt(0), frame, registry, out);
    return;
  }
  const scope = registry.get(op)?.scope;
  raw.forEach((arg, i) => {
    const argFrame: VarFrame = scope && i === 1 ? { kind: scope, source: raw[0], parent: frame } : frame;
    walk(arg, argAt(i), argFrame, registry, out);
  });
}

/**
 * Every literal data path an expression reads, with the frame it reads it in.
 *
 * @example
 * varReferences({ map: [{ var: 'lines' }, { var: 'qty' }] }).map((r) => [r.path, r.frame.kind])
 * // → [['lines', 'data'], ['qty', 'item']]
 */
export function varReferences(expression: unknown, registry: OperatorRegistry = standardOperators): VarReference[] {
  const out: VarReference[] = [];
  walk(expression, '', DATA, registry, out);
  return out;
}

/** The first path segments an expression reads from its top-level data (dependencies of a computed field). */
export function dataRoots(expression: unknown, registry: OperatorRegistry = standardOperators): Set<string> {
  const roots = new Set<string>();
  for (const ref of varReferences(expression, registry)) {
    if (ref.frame.kind === 'data' && ref.path !== '') roots.add(ref.path.split('.')[0]!);
  }
  return roots;
}
