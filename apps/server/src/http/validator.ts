import { Ajv2020, type AnySchema, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { APP_SCHEMA_ID } from '@statecraft/schema';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

type RouteSchema = { schema: AnySchema; httpPart?: string };

interface Compilers {
  body: Ajv2020;
  params: Ajv2020;
  compiled: Map<string, ValidateFunction>;
}

// Shared by every Fastify instance and plugin context with the same shared schemas: route schemas
// are compiled once per process, not once per context (tests build many apps).
const pools = new Map<string, Compilers>();

function makeAjv(coerce: boolean, externalSchemas: AnySchema[]): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: false,
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    discriminator: true,
    strict: false,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  // The bundle is checked against its meta-schema by @statecraft/schema's own tests; doing it
  // again here costs more than all route schemas together.
  for (const s of externalSchemas) ajv.addSchema(s, undefined, undefined, false);
  return ajv;
}

/** A schema declared as "an app definition": its checks are the engine's (see below). */
function isDefinitionRef(schema: unknown): boolean {
  const ref = (schema as { $ref?: unknown } | null)?.$ref;
  return ref === APP_SCHEMA_ID || ref === `${APP_SCHEMA_ID}#`;
}

/** The schema with every app definition reference replaced by "an object". */
function withoutDefinitionRefs(schema: unknown): unknown {
  if (isDefinitionRef(schema)) return { type: 'object' };
  if (Array.isArray(schema)) return schema.map(withoutDefinitionRefs);
  if (schema && typeof schema === 'object') return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withoutDefinitionRefs(v)]));
  return schema;
}

/**
 * Fastify's default ajv speaks draft-07; our shared schemas include the bundled app definition
 * schema, draft 2020-12. One Ajv2020 for bodies (no coercion) and one for params and query
 * strings (strings coerced to the declared types, as Fastify does by default).
 *
 * Definition bodies are declared with the bundled schema's `$id` (OpenAPI shows it) but only
 * checked to be objects here: the handler checks them with the engine's `validateDefinition`,
 * which starts with that very schema and answers with problems (JSON pointers, codes, hints)
 * instead of a bare 400.
 */
export function buildValidatorFactory() {
  return function buildValidator(externalSchemas: Record<string, AnySchema> | undefined) {
    const schemas = Object.values(externalSchemas ?? {});
    const key = schemas.map((s) => (s as { $id?: string }).$id ?? JSON.stringify(s)).join('|');
    let pool = pools.get(key);
    if (!pool) pools.set(key, (pool = { body: makeAjv(false, schemas), params: makeAjv(true, schemas), compiled: new Map() }));
    const compilers = pool;
    return ({ schema, httpPart }: RouteSchema): ValidateFunction => {
      const body = httpPart === 'body';
      const cacheKey = `${body ? 'b' : 'p'}:${JSON.stringify(schema)}`;
      let validate = compilers.compiled.get(cacheKey);
      if (!validate) {
        const compile = (body ? compilers.body : compilers.params).compile.bind(body ? compilers.body : compilers.params);
        compilers.compiled.set(cacheKey, (validate = compile(withoutDefinitionRefs(schema) as AnySchema)));
      }
      return validate;
    };
  };
}
