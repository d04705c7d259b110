import { validateDefinition } from '@statecraft/engine';
import type { AppDefinition, Problem } from '@statecraft/schema';
import type { PublishedDefinition, SchemaChange, Store } from '@statecraft/store';
import { AppError } from '../app-error.ts';
import { loadApp, type AppRegistry, type LoadedApp } from './app-registry.ts';

export interface PublishResult {
  published: PublishedDefinition;
  changes: SchemaChange[];
  warnings: Problem[];
  app: LoadedApp;
}

/** The errors of a definition as the 422 refusal publish answers with. */
export function invalidDefinition(problems: Problem[], what: string): AppError {
  const errors = problems.filter((p) => p.severity === 'error');
  return new AppError('DEF_INVALID', 422, `${what}: the definition has ${errors.length} error(s).`, {
    hint: 'Fix the problems (each has a JSON pointer into the definition and a hint), then publish again.',
    problems,
  });
}

/**
 * Publishes a definition: refuses it with DEF_INVALID (422) and the problems while it has errors;
 * otherwise, in one transaction, stores the new immutable version and brings the entity tables
 * in line (`allowDestructive` to drop or retype fields), compiles it, and after the commit swaps
 * the compiled app in. Records written from then on carry the new `defVersion`.
 */
export async function publishDefinition(
  store: Store,
  registry: AppRegistry,
  definition: AppDefinition,
  meta: { by: string; now: string; note?: string | null; allowDestructive?: boolean },
): Promise<PublishResult> {
  const problems = validateDefinition(definition);
  if (problems.some((p) => p.severity === 'error')) throw invalidDefinition(problems, `Cannot publish "${(definition as { id?: string }).id ?? '?'}"`);
  const others = registry.ids().filter((id) => id !== definition.id);
  if (others.length > 0) {
    // The store keeps one active table layout (entity tables are named e_<entity>, not per app).
    throw new AppError('APP_ONE_PER_DATABASE', 409, `This database already runs the app "${others[0]}"; it cannot also run "${definition.id}".`, {
      hint: `Publish your changes as a new version of "${others[0]}" (same id), or use another database (DATABASE_URL) for "${definition.id}".`,
    });
  }
  let loaded: LoadedApp | undefined;
  const result = await store.transaction(async (tx) => {
    const published = await tx.definitions.publish(definition.id, { by: meta.by, now: meta.now, note: meta.note ?? null, definition });
    const plan = await tx.applyDefinition(published.definition, { defVersion: published.version, allowDestructive: meta.allowDestructive ?? false });
    // Compiled inside the transaction: if it fails, the version and the tables roll back.
    loaded = loadApp(published.definition, published.version);
    return { published, changes: plan.changes };
  });
  registry.swap(loaded!);
  return { ...result, warnings: problems, app: loaded! };
}
