import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Factory = ReturnType<typeof SerializerSelector>;
type Serializer = ReturnType<ReturnType<Factory>>;

const base = SerializerSelector();
const pools = new Map<string, { compile: ReturnType<Factory>; compiled: Map<string, Serializer> }>();

/**
 * Fastify's fast-json-stringify serializers, compiled once per distinct response schema and
 * process instead of once per route, status and plugin context: every route shares the error
 * schema, many share the record schema, and tests build many apps.
 */
export function buildSerializerFactory(): Factory {
  return (externalSchemas, options) => {
    const key = JSON.stringify(Object.keys((externalSchemas as Record<string, unknown>) ?? {})) + JSON.stringify(options ?? {});
    let pool = pools.get(key);
    if (!pool) pools.set(key, (pool = { compile: base(externalSchemas, options), compiled: new Map() }));
    const { compile, compiled } = pool;
    return (route) => {
      const schemaKey = JSON.stringify(route.schema);
      let serializer = compiled.get(schemaKey);
      if (!serializer) compiled.set(schemaKey, (serializer = compile(route)));
      return serializer;
    };
  };
}
