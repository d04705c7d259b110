import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import bundle from './generated/app-definition.bundle.json' with { type: 'json' };
import type { AppDefinition } from './generated/app-definition.ts';
import type { Problem } from './problem.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** The `$id` of the bundled app definition schema (also used by the server and by Monaco). */
export const APP_SCHEMA_ID = bundle.$id;
/** The bundled app definition schema: `schemas/` with the action fragments folded into `$defs`. */
export const appDefinitionSchema = bundle;

let compiled: ValidateFunction<AppDefinition> | undefined;

/** One ajv instance for the app; `discriminator` makes a wrong `type` report on that one branch. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

function validator(): ValidateFunction<AppDefinition> {
  if (!compiled) {
    const ajv = createAjv();
    ajv.addSchema(bundle);
    compiled = ajv.getSchema<AppDefinition>(bundle.$id) as ValidateFunction<AppDefinition>;
  }
  return compiled;
}

function hintFor(e: ErrorObject): string | undefined {
  switch (e.keyword) {
    case 'required':
      return `Add the property "${(e.params as { missingProperty: string }).missingProperty}".`;
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const p = e.params as { additionalProperty?: string; unevaluatedProperty?: string };
      return `Remove "${p.additionalProperty ?? p.unevaluatedProperty}" or check its spelling; it is not part of this object's schema.`;
    }
    case 'pattern':
      if (String((e.params as { pattern: string }).pattern).startsWith('^[a-z][a-z0-9_]'))
        return 'Ids use lower-case letters, digits and underscores and start with a letter, e.g. "gift_note".';
      return `The value must match ${(e.params as { pattern: string }).pattern}.`;
    case 'enum':
      return `Use one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'const':
      return `Use ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}.`;
    case 'discriminator': {
      const def = /\$defs\/(\w+)\//.exec(e.schemaPath)?.[1];
      const types = def ? registeredTypes(def) : [];
      return types.length ? `Use one of: ${types.join(', ')}.` : 'Use one of the registered types.';
    }
    case 'type':
      return `The value must be of type ${(e.params as { type: string }).type}.`;
    case 'minItems':
      return `Add at least ${(e.params as { limit: number }).limit} item(s).`;
    default:
      return undefined;
  }
}

/** The `type` values a discriminated union in the bundle accepts (field types, action types). */
export function registeredTypes(defName: string): string[] {
  const defs = bundle.$defs as Record<string, { oneOf?: { $ref: string }[]; properties?: { type?: { const?: string } } }>;
  return (defs[defName]?.oneOf ?? [])
    .map((r) => defs[r.$ref.replace('#/$defs/', '')]?.properties?.type?.const)
    .filter((t): t is string => typeof t === 'string');
}

function pathOf(e: ErrorObject): string {
  if (e.keyword === 'discriminator') return `${e.instancePath}/${(e.params as { tag: string }).tag}`;
  if (e.keyword === 'required') {
    return `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
  }
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`;
  if (e.keyword === 'unevaluatedProperties') return `${e.instancePath}/${(e.params as { unevaluatedProperty: string }).unevaluatedProperty}`;
  return e.instancePath;
}

/**
 * Checks a definition against the JSON Schema only (shape, types, id patterns). The engine's
 * `validateDefinition` adds the checks that need more than shape (references, reachability…).
 *
 * @example
 * const problems = validateShape(JSON.parse(text));
 * if (problems.length) console.log(formatProblems(problems));
 */
export function validateShape(definition: unknown): Problem[] {
  const validate = validator();
  if (validate(definition)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of validate.errors ?? []) {
    // oneOf/if summaries repeat what the branch errors already say.
    if (e.keyword === 'oneOf' || e.keyword === 'if' || e.keyword === 'allOf') continue;
    const path = pathOf(e);
    const key = `${path}|${e.keyword}|${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const hint = hintFor(e);
    problems.push({
      path,
      code: 'DEF_SCHEMA',
      message: `${path || '/'} ${e.message ?? 'is invalid'}`,
      ...(hint ? { hint } : {}),
      severity: 'error',
    });
  }
  return problems;
}
