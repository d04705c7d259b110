import { pointer, type Field, type Problem } from '@statecraft/schema';
import { fieldPattern } from '../compile/field-checks.ts';
import { error } from './problems.ts';
import type { DefinitionIndex } from './definition-index.ts';

function checkField(field: Field, base: (string | number)[], out: Problem[]): void {
  const at = (...rest: (string | number)[]) => pointer(...base, ...rest);
  switch (field.type) {
    case 'enum':
    case 'multienum': {
      const values = new Set(field.options.map((o) => o.value));
      const defaults = field.type === 'enum' ? (field.default === undefined ? [] : [field.default]) : (field.default ?? []);
      defaults.forEach((d, i) => {
        if (!values.has(d)) {
          out.push(
            error(
              field.type === 'enum' ? at('default') : at('default', i),
              'DEF_ENUM_DEFAULT',
              `Default "${d}" of "${field.id}" is not one of its options`,
              `Use one of: ${[...values].join(', ')}.`,
            ),
          );
        }
      });
      break;
    }
    case 'integer':
    case 'decimal':
    case 'money': {
      const { min, max } = field;
      if (min !== undefined && max !== undefined && min > max) {
        out.push(error(at('min'), 'DEF_MIN_GT_MAX', `"${field.id}" has min ${min} greater than max ${max}`, 'Swap them, or correct one.'));
      } else if (field.default !== undefined && ((min !== undefined && field.default < min) || (max !== undefined && field.default > max))) {
        out.push(
          error(at('default'), 'DEF_DEFAULT_OUT_OF_RANGE', `Default ${field.default} of "${field.id}" is outside ${min ?? '-∞'}…${max ?? '∞'}`, 'Choose a default between min and max.'),
        );
      }
      break;
    }
    case 'text': {
      const { minLength, maxLength } = field;
      if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
        out.push(error(at('minLength'), 'DEF_MIN_GT_MAX', `"${field.id}" has minLength ${minLength} greater than maxLength ${maxLength}`, 'Swap them, or correct one.'));
      } else if (field.default !== undefined && field.default !== '') {
        const n = [...field.default].length;
        if ((minLength !== undefined && n < minLength) || (maxLength !== undefined && n > maxLength)) {
          out.push(error(at('default'), 'DEF_DEFAULT_OUT_OF_RANGE', `Default of "${field.id}" is ${n} characters long, outside its length limits`, 'Shorten or lengthen the default.'));
        }
      }
      if (field.pattern !== undefined && field.default !== undefined && field.default !== '' && !fieldPattern(field.pattern).test(field.default)) {
        out.push(error(at('default'), 'DEF_DEFAULT_PATTERN', `Default of "${field.id}" does not match its pattern ${field.pattern}`, 'Change the default or the pattern.'));
      }
      break;
    }
    case 'lines': {
      const { minItems, maxItems } = field;
      if (minItems !== undefined && maxItems !== undefined && minItems > maxItems) {
        out.push(error(at('minItems'), 'DEF_MIN_GT_MAX', `"${field.id}" has minItems ${minItems} greater than maxItems ${maxItems}`, 'Swap them, or correct one.'));
      }
      break;
    }
    default:
      break;
  }
}

/** Field constraints that contradict each other: enum defaults, min > max, defaults out of range. */
export function checkFieldConstraints(index: DefinitionIndex): Problem[] {
  const out: Problem[] = [];
  index.def.entities.forEach((entity, e) => entity.fields.forEach((field, f) => checkField(field, ['entities', e, 'fields', f], out)));
  return out;
}
