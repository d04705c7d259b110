import { pointerSegment, type Problem } from '@statecraft/schema';
import { FORBIDDEN_SEGMENTS } from '../logic/var-path.ts';
import { error } from './problems.ts';

/** Properties whose string value becomes a key later (a field id becomes a key of record data). */
const ID_KEYS = new Set(['id', 'stateField', 'field']);

/**
 * `__proto__`, `constructor` and `prototype` anywhere: as an object key (create_record values,
 * http headers, connector config, literal objects in expressions) or as an id (`constructor`
 * matches the id pattern). Such names could reach an object's prototype where the definition's
 * keys become object keys at run time.
 */
export function checkForbiddenNames(def: unknown): Problem[] {
  const out: Problem[] = [];
  const hint = 'Rename it: __proto__, constructor and prototype are not allowed as names.';
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${at}/${i}`));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const key of Object.keys(node)) {
      const value = (node as Record<string, unknown>)[key];
      const keyAt = `${at}/${pointerSegment(key)}`;
      if (FORBIDDEN_SEGMENTS.has(key)) {
        out.push(error(keyAt, 'DEF_FORBIDDEN_NAME', `"${key}" is not allowed as a key`, hint));
        continue;
      }
      if (ID_KEYS.has(key) && typeof value === 'string' && FORBIDDEN_SEGMENTS.has(value)) {
        out.push(error(keyAt, 'DEF_FORBIDDEN_NAME', `"${value}" is not allowed as an id`, hint));
      }
      walk(value, keyAt);
    }
  };
  walk(def, '');
  return out;
}
