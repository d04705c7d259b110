/**
 * Derives everything the code needs from `schemas/`: one bundled JSON Schema (the action
 * fragments folded into `$defs`, for ajv, the server's route schemas and Monaco) and the
 * TypeScript types. `--check` fails when the committed files drift from the schemas.
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const schemasDir = join(here, '../../../schemas');
const outDir = join(here, '../src/generated');
const check = process.argv.includes('--check');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function rewriteRefs(node: Json, map: (ref: string) => string): Json {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, map));
  if (node && typeof node === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' ? map(v) : rewriteRefs(v, map);
    }
    return out;
  }
  return node;
}

export function bundle(): Record<string, Json> {
  const app = JSON.parse(readFileSync(join(schemasDir, 'app.schema.json'), 'utf8')) as Record<string, Json>;
  const defs = { ...(app.$defs as Record<string, Json>) };
  const actionFiles = readdirSync(join(schemasDir, 'actions')).filter((f) => f.endsWith('.schema.json')).sort();
  const actionName = (file: string) => {
    const s = JSON.parse(readFileSync(join(schemasDir, 'actions', file), 'utf8')) as Record<string, Json>;
    return s.title as string;
  };
  const names = new Map(actionFiles.map((f) => [`actions/${f}`, actionName(f)]));
  for (const file of actionFiles) {
    const s = JSON.parse(readFileSync(join(schemasDir, 'actions', file), 'utf8')) as Record<string, Json>;
    const { $schema: _s, $id: _i, ...rest } = s;
    defs[s.title as string] = rewriteRefs(rest as Json, (ref) => ref.replace(/^\.\.\/app\.schema\.json#/, '#'));
  }
  const bundled = rewriteRefs({ ...app, $defs: defs } as Json, (ref) => {
    const name = names.get(ref);
    return name ? `#/$defs/${name}` : ref;
  }) as Record<string, Json>;
  const declared = (bundled.$defs as Record<string, Json>).Action as { oneOf: { $ref: string }[] };
  for (const file of actionFiles) {
    const name = names.get(`actions/${file}`)!;
    if (!declared.oneOf.some((r) => r.$ref === `#/$defs/${name}`)) {
      throw new Error(`schemas/actions/${file} is not listed in Action.oneOf of schemas/app.schema.json: add {"$ref": "actions/${file}"} there`);
    }
  }
  return bundled;
}

async function main() {
  const bundled = bundle();
  const bundleText = JSON.stringify(bundled, null, 2) + '\n';
  // json-schema-to-typescript does not know `discriminator` or `unevaluatedProperties`; the
  // oneOf branches already say everything the types need.
  const forTypes = JSON.parse(bundleText, (k, v) => (k === 'discriminator' ? undefined : v));
  const ts = await compile(forTypes, 'AppDefinition', {
    bannerComment: '/* Generated from schemas/ by `pnpm gen`. Do not edit: change the schema and regenerate. */',
    additionalProperties: false,
    unreachableDefinitions: true,
    strictIndexSignatures: true,
    style: { singleQuote: true },
  });
  const files: [string, string][] = [
    [join(outDir, 'app-definition.bundle.json'), bundleText],
    [join(outDir, 'app-definition.ts'), ts],
  ];
  let drift = false;
  for (const [path, text] of files) {
    const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (old === text) continue;
    if (check) {
      console.error(`${path} is out of date with schemas/: run \`pnpm gen\` and commit the result`);
      drift = true;
    } else writeFileSync(path, text);
  }
  if (drift) process.exit(1);
  console.log(check ? 'generated files match schemas/' : 'generated files written');
}

await main();
