import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Factory = ReturnType<typeof SerializerSelector>;
type Serializer = ReturnType<ReturnType<Factory>>;

const base = SerializerSelector();
const pools = new Map<string, { compile: ReturnType<Factory>; compiled: Map<string, Serializer> }>();

// Keywords whose values are data, not schemas: left as they are.
const DATA_KEYWORDS = new Set(['default', 'examples', 'example', 'const', 'enum']);

/** An object schema that lets every property through and declares none of them. */
function isOpenObject(schema: Record<string, unknown>): boolean {
  return (
    schema.type === 'object' &&
    schema.additionalProperties === true &&
    !('properties' in schema || 'patternProperties' in schema || 'required' in schema || '$ref' in schema || 'allOf' in schema || 'anyOf' in schema || 'oneOf' in schema || 'if' in schema)
  );
}

/**
 * The schema as fast-json-stringify should see it: an open object (record data, field id →
 * value) becomes `true`, which it writes with one `JSON.stringify` instead of a loop that
 * escapes each key and stringifies each value on its own (the same text, about half the time for
 * an order's forty fields). OpenAPI still shows the schemas as declared.
 */
export function forSerializer(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forSerializer);
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Record<string, unknown>;
  if (isOpenObject(s)) return true;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(s)) out[key] = DATA_KEYWORDS.has(key) ? value : forSerializer(value);
  return out;
}

/**
 * Fastify's fast-json-stringify serializers, compiled once per distinct response schema and
 * process instead of once per route, status and plugin context: every route shares the error
 * schema, many share the record schema, and tests build many apps. Schemas go through
 * {@link forSerializer} first.
 */
export function buildSerializerFactory(): Factory {
  return (externalSchemas, options) => {
    const key = JSON.stringify(Object.keys((externalSchemas as Record<string, unknown>) ?? {})) + JSON.stringify(options ?? {});
    let pool = pools.get(key);
    if (!pool) pools.set(key, (pool = { compile: base(forSerializer(externalSchemas) as typeof externalSchemas, options), compiled: new Map() }));
    const { compile, compiled } = pool;
    return (route) => {
      const schemaKey = JSON.stringify(route.schema);
      let serializer = compiled.get(schemaKey);
      if (!serializer) compiled.set(schemaKey, (serializer = compile({ ...route, schema: forSerializer(route.schema) as typeof route.schema })));
      return serializer;
    };
  };
}
