import { ADDRESS_PARTS, type Field, type Problem } from '@statecraft/schema';
import type { CompiledEntity } from './compiled-app.ts';

/** Field value problem codes (in `Decision.problems`, paths like `/data/lines/2/qty`). */
export const FIELD_PROBLEM = {
  required: 'ENGINE_REQUIRED',
  type: 'ENGINE_TYPE',
  option: 'ENGINE_NOT_AN_OPTION',
  tooSmall: 'ENGINE_TOO_SMALL',
  tooLarge: 'ENGINE_TOO_LARGE',
  tooShort: 'ENGINE_TOO_SHORT',
  tooLong: 'ENGINE_TOO_LONG',
  pattern: 'ENGINE_PATTERN',
  scale: 'ENGINE_DECIMAL_SCALE',
  address: 'ENGINE_ADDRESS',
  unknownField: 'ENGINE_UNKNOWN_FIELD',
  readOnly: 'ENGINE_FIELD_READ_ONLY',
} as const;

type Check = (value: unknown, path: string, problems: Problem[]) => void;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LINE_COLUMNS = new Set(['id', 'line_no']);

/**
 * A field's pattern as a RegExp: with the `u` flag when it compiles so (\p{Script=Han} needs
 * it), else as the schema's `regex` format accepted it (without flags).
 */
export function fieldPattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}

function name(field: Field): string {
  return `"${field.label['zh-CN']}" (${field.id})`;
}

function problem(path: string, code: string, message: string, hint: string): Problem {
  return { path, code, message, hint, severity: 'error' };
}

/** Empty for `required`: null, missing, "" and, for lists, []. */
export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function typeProblem(field: Field, path: string, expected: string, hint: string): Problem {
  return problem(path, FIELD_PROBLEM.type, `${name(field)} must be ${expected}`, hint);
}

function rangeCheck(field: Field & { min?: number; max?: number }, value: number, path: string, problems: Problem[]): void {
  if (field.min !== undefined && value < field.min) problems.push(problem(path, FIELD_PROBLEM.tooSmall, `${name(field)} must be at least ${field.min}`, `Enter ${field.min} or more.`));
  if (field.max !== undefined && value > field.max) problems.push(problem(path, FIELD_PROBLEM.tooLarge, `${name(field)} must be at most ${field.max}`, `Enter ${field.max} or less.`));
}

function lengthCheck(field: Field, value: string, min: number | undefined, max: number | undefined, path: string, problems: Problem[]): void {
  if (min === undefined && max === undefined) return;
  const n = [...value].length;
  if (min !== undefined && n < min) problems.push(problem(path, FIELD_PROBLEM.tooShort, `${name(field)} needs at least ${min} characters`, 'Enter a longer value.'));
  if (max !== undefined && n > max) problems.push(problem(path, FIELD_PROBLEM.tooLong, `${name(field)} allows at most ${max} characters`, `Shorten it to ${max} characters.`));
}

/** The type and limit check of one field (without `required`), built once per field. */
function typeCheck(field: Field, entities: () => ReadonlyMap<string, CompiledEntity>): Check {
  switch (field.type) {
    case 'text':
    case 'phone': {
      const pattern = field.pattern === undefined ? undefined : fieldPattern(field.pattern);
      const [min, max] = field.type === 'text' ? [field.minLength, field.maxLength] : [undefined, undefined];
      return (value, path, problems) => {
        if (typeof value !== 'string') return void problems.push(typeProblem(field, path, 'text', 'Send a string.'));
        lengthCheck(field, value, min, max, path, problems);
        if (pattern && value !== '' && !pattern.test(value)) {
          problems.push(problem(path, FIELD_PROBLEM.pattern, `${name(field)} does not match ${field.pattern}`, 'Check the format of the value.'));
        }
      };
    }
    case 'longtext':
      return (value, path, problems) => {
        if (typeof value !== 'string') return void problems.push(typeProblem(field, path, 'text', 'Send a string.'));
        lengthCheck(field, value, undefined, field.maxLength, path, problems);
      };
    case 'email':
      return (value, path, problems) => {
        if (typeof value !== 'string') return void problems.push(typeProblem(field, path, 'an e-mail address', 'Send a string like name@example.com.'));
        if (value !== '' && !EMAIL.test(value)) problems.push(problem(path, FIELD_PROBLEM.pattern, `${name(field)} is not an e-mail address`, 'Use the form name@example.com.'));
      };
    case 'integer':
      return (value, path, problems) => {
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) return void problems.push(typeProblem(field, path, 'a whole number', 'Send an integer such as 3.'));
        rangeCheck(field, value, path, problems);
      };
    case 'money':
      return (value, path, problems) => {
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
          return void problems.push(typeProblem(field, path, 'an amount in fen (an integer)', 'Money is exchanged as integer fen: 12.34 元 is 1234.'));
        }
        rangeCheck(field, value, path, problems);
      };
    case 'decimal': {
      const factor = 10 ** (field.scale ?? 2);
      return (value, path, problems) => {
        if (typeof value !== 'number' || !Number.isFinite(value)) return void problems.push(typeProblem(field, path, 'a number', 'Send a number such as 2.5.'));
        const scaled = value * factor;
        if (Math.abs(scaled - Math.round(scaled)) > 1e-6 * Math.max(1, Math.abs(scaled))) {
          problems.push(problem(path, FIELD_PROBLEM.scale, `${name(field)} allows ${field.scale ?? 2} digits after the decimal point`, 'Round the value.'));
        }
        rangeCheck(field, value, path, problems);
      };
    }
    case 'boolean':
      return (value, path, problems) => {
        if (typeof value !== 'boolean') problems.push(typeProblem(field, path, 'true or false', 'Send true or false.'));
      };
    case 'date':
      return (value, path, problems) => {
        if (typeof value !== 'string' || !validDate(value)) problems.push(typeProblem(field, path, 'a date (YYYY-MM-DD)', 'Send a calendar date such as 2026-01-31.'));
      };
    case 'datetime':
      return (value, path, problems) => {
        if (typeof value !== 'string' || !DATETIME.test(value) || !Number.isFinite(Date.parse(value)) || !validDate(value.slice(0, 10))) {
          problems.push(typeProblem(field, path, 'an ISO 8601 date-time with a time zone', 'Send e.g. 2026-01-31T08:30:00Z.'));
        }
      };
    case 'enum': {
      const options = new Set(field.options.map((o) => o.value));
      const list = field.options.map((o) => o.value).join(', ');
      return (value, path, problems) => {
        if (typeof value !== 'string' || !options.has(value)) {
          problems.push(problem(path, FIELD_PROBLEM.option, `${name(field)} must be one of its options, not ${JSON.stringify(value)}`, `Use one of: ${list}.`));
        }
      };
    }
    case 'multienum': {
      const options = new Set(field.options.map((o) => o.value));
      const list = field.options.map((o) => o.value).join(', ');
      return (value, path, problems) => {
        if (!Array.isArray(value)) return void problems.push(typeProblem(field, path, 'a list of options', `Send an array of: ${list}.`));
        const seen = new Set<unknown>();
        value.forEach((v, i) => {
          if (typeof v !== 'string' || !options.has(v)) {
            problems.push(problem(`${path}/${i}`, FIELD_PROBLEM.option, `${name(field)}: ${JSON.stringify(v)} is not an option`, `Use of: ${list}.`));
          } else if (seen.has(v)) {
            problems.push(problem(`${path}/${i}`, FIELD_PROBLEM.option, `${name(field)}: "${v}" is listed twice`, 'List each option once.'));
          }
          seen.add(v);
        });
      };
    }
    case 'address':
      return (value, path, problems) => {
        if (!isPlainObject(value)) {
          return void problems.push(typeProblem(field, path, 'an address {province, city, district, detail, zip?, hash?}', 'Send an object with the address parts.'));
        }
        for (const key of Object.keys(value)) {
          if (!(ADDRESS_PARTS as readonly string[]).includes(key)) {
            problems.push(problem(`${path}/${key}`, FIELD_PROBLEM.address, `${name(field)} has no part "${key}"`, `Use only: ${ADDRESS_PARTS.join(', ')}.`));
          }
        }
        for (const part of ['province', 'city', 'district', 'detail'] as const) {
          const v = value[part];
          if (typeof v !== 'string' || v === '') problems.push(problem(`${path}/${part}`, FIELD_PROBLEM.address, `${name(field)} needs a ${part}`, `Fill in the ${part} as text.`));
        }
        for (const part of ['zip', 'hash'] as const) {
          const v = value[part];
          if (v !== undefined && v !== null && typeof v !== 'string') problems.push(problem(`${path}/${part}`, FIELD_PROBLEM.address, `${name(field)}: ${part} must be text`, 'Send it as a string.'));
        }
      };
    case 'reference':
      return (value, path, problems) => {
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
          problems.push(typeProblem(field, path, `the id of a "${field.entity}" record`, 'Send the record id, a positive integer.'));
        }
      };
    case 'lines':
      return (value, path, problems) => {
        if (!Array.isArray(value)) return void problems.push(typeProblem(field, path, 'a list of lines', 'Send an array of line objects.'));
        if (field.minItems !== undefined && value.length < field.minItems) {
          problems.push(problem(path, FIELD_PROBLEM.tooShort, `${name(field)} needs at least ${field.minItems} line(s)`, 'Add lines.'));
        }
        if (field.maxItems !== undefined && value.length > field.maxItems) {
          problems.push(problem(path, FIELD_PROBLEM.tooLong, `${name(field)} allows at most ${field.maxItems} line(s)`, 'Remove lines.'));
        }
        const lineEntity = entities().get(field.entity);
        if (!lineEntity) return;
        value.forEach((line, i) => checkLine(lineEntity, line, `${path}/${i}`, problems));
      };
    case 'computed':
      return () => undefined;
  }
}

/** One line of a lines field, against the line entity's fields (paths like `/data/lines/2/qty`). */
export function checkLine(entity: CompiledEntity, line: unknown, path: string, problems: Problem[]): void {
  if (!isPlainObject(line)) {
    problems.push(problem(path, FIELD_PROBLEM.type, `Line ${path} must be an object of "${entity.id}" fields`, 'Send each line as an object.'));
    return;
  }
  for (const key of Object.keys(line)) {
    if (!entity.fields.has(key) && !LINE_COLUMNS.has(key)) {
      problems.push(problem(`${path}/${key}`, FIELD_PROBLEM.unknownField, `"${entity.id}" has no field "${key}"`, `Use: ${[...entity.fields.keys()].join(', ')}.`));
    }
  }
  for (const field of entity.fieldList) {
    if (field.def.type === 'computed') continue;
    field.check(line[field.id], `${path}/${field.id}`, problems);
  }
}

/** required + type + limits for one field. An optional text left "" is fine. */
export function buildFieldCheck(field: Field, entities: () => ReadonlyMap<string, CompiledEntity>): Check {
  const type = typeCheck(field, entities);
  const required = field.required === true && field.type !== 'computed';
  const requiredProblem = (path: string) => problem(path, FIELD_PROBLEM.required, `${name(field)} is required`, 'Fill it in.');
  return (value, path, problems) => {
    if (value === null || value === undefined) {
      if (required) problems.push(requiredProblem(path));
      return;
    }
    if (required && isEmpty(value)) return void problems.push(requiredProblem(path));
    if (value === '') return;
    type(value, path, problems);
  };
}
