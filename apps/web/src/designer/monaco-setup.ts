import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/language/json/monaco.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import { loader } from '@monaco-editor/react';
import { APP_SCHEMA_ID, appDefinitionSchema } from '@statecraft/schema';

// Monaco comes from the bundle: its workers are bundled by Vite (`?worker`), and
// @monaco-editor/react is told to use this instance instead of fetching one from a CDN.
(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};
loader.config({ monaco });

/** The model URI of the whole-definition editor (matched by the app schema's fileMatch). */
export const DEFINITION_MODEL_URI = 'statecraft://designer/definition.json';
/** The schema id of conditions over an entity's fields. */
export const conditionSchemaId = (entity: string) => `statecraft://designer/condition/${entity}.json`;

const conditionSchemas = new Map<string, object>();

function apply() {
  monaco.languages.json.jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [
      { uri: APP_SCHEMA_ID, fileMatch: [DEFINITION_MODEL_URI], schema: appDefinitionSchema },
      ...[...conditionSchemas].map(([entity, schema]) => ({ uri: conditionSchemaId(entity), fileMatch: [`statecraft://designer/condition/${entity}/*`], schema })),
    ],
  });
}

/**
 * Registers a schema for json-logic conditions over an entity: the operators the engine knows,
 * and `var` completing to the entity's field ids (an unknown field is marked).
 */
export function registerConditionSchema(entity: string, fields: string[]): void {
  const key = JSON.stringify(fields);
  if ((conditionSchemas.get(entity) as { key?: string } | undefined)?.key === key) return;
  const logic = { $ref: '#/$defs/logic' };
  const schema = {
    key,
    $defs: {
      logic: {
        anyOf: [
          { type: ['string', 'number', 'boolean', 'null'] },
          { type: 'array', items: logic },
          {
            type: 'object',
            minProperties: 1,
            maxProperties: 1,
            properties: {
              var: { anyOf: [{ enum: fields }, { type: 'string', pattern: '^\\$' }, { type: 'array' }], description: 'A field of the record' },
              missing: { type: 'array', items: { enum: fields } },
              and: { type: 'array', items: logic },
              or: { type: 'array', items: logic },
              '!': logic,
              '!!': logic,
              '==': { type: 'array', items: logic, minItems: 2, maxItems: 2 },
              '!=': { type: 'array', items: logic, minItems: 2, maxItems: 2 },
              '>': { type: 'array', items: logic }, '>=': { type: 'array', items: logic },
              '<': { type: 'array', items: logic }, '<=': { type: 'array', items: logic },
              in: { type: 'array', items: logic, minItems: 2, maxItems: 2 },
              if: { type: 'array', items: logic },
            },
          },
        ],
      },
    },
    $ref: '#/$defs/logic',
  };
  conditionSchemas.set(entity, schema);
  apply();
}

apply();
export { monaco };
