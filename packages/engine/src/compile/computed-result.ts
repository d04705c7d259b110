import type { ComputedField } from '@statecraft/schema';
import { truthy } from '../logic/evaluator.ts';

function toNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * The cast of a computed field's value to its result type, so that what is stored always fits
 * the column: integer and money are rounded (money stays integer fen), a number that is not
 * finite becomes null, text is a string, boolean uses json-logic truthiness.
 *
 * @example castComputed('money')(1234.5) // 1235
 */
export function castComputed(resultType: ComputedField['resultType']): (value: unknown) => unknown {
  switch (resultType) {
    case 'integer':
    case 'money':
      return (v) => {
        const n = toNumber(v);
        return n === null ? null : Math.round(n);
      };
    case 'decimal':
      return toNumber;
    case 'boolean':
      return (v) => (v === null || v === undefined ? null : truthy(v));
    case 'text':
      return (v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
    case 'date':
    case 'datetime':
      return (v) => (typeof v === 'string' && v !== '' ? v : null);
  }
}
