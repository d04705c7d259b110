import { compileApp, type CompiledApp } from '@statecraft/engine';
import type { AppDefinition, Entity } from '@statecraft/schema';
import type { Store } from '@statecraft/store';
import { AppError } from '../app-error.ts';
import { superuserRolesOf } from './permissions.ts';

/** A published version, compiled once and shared by every request. */
export interface LoadedApp {
  id: string;
  version: number;
  definition: AppDefinition;
  compiled: CompiledApp;
  entities: ReadonlyMap<string, Entity>;
  /** The workflow state field of each entity that has a workflow. */
  stateFields: ReadonlyMap<string, string>;
  superuserRoles: ReadonlySet<string>;
  roles: ReadonlySet<string>;
}

/** Compiles a published definition into what requests need. */
export function loadApp(definition: AppDefinition, version: number): LoadedApp {
  return {
    id: definition.id,
    version,
    definition,
    compiled: compileApp(definition, version),
    entities: new Map(definition.entities.map((e) => [e.id, e])),
    stateFields: new Map(definition.workflows.map((w) => [w.entity, w.stateField])),
    superuserRoles: superuserRolesOf(definition),
    roles: new Set(definition.roles.map((r) => r.id)),
  };
}

/** Before any app is published, the bootstrap admin role counts as superuser. */
const BOOTSTRAP_SUPERUSER_ROLES: ReadonlySet<string> = new Set(['admin']);

/**
 * The live (latest published) version of each app, compiled once per version and swapped in
 * when a new version is published. The request path only reads a Map.
 */
export class AppRegistry {
  private readonly live = new Map<string, LoadedApp>();
  private globalSuperusers: ReadonlySet<string> = BOOTSTRAP_SUPERUSER_ROLES;

  /** Loads the latest published version of every app and makes the store use its tables. */
  async loadAll(store: Store): Promise<void> {
    for (const app of await store.definitions.listApps()) {
      if (app.latestVersion === null) continue;
      const published = await store.definitions.getPublished(app.id);
      if (!published) continue;
      const loaded = loadApp(published.definition, published.version);
      // Brings the tables in line (a no-op when they are) and sets the store's active model.
      await store.applyDefinition(published.definition, { defVersion: published.version });
      this.swap(loaded);
    }
  }

  /** Makes `loaded` the live version of its app. */
  swap(loaded: LoadedApp): void {
    this.live.set(loaded.id, loaded);
    const roles = new Set<string>();
    for (const app of this.live.values()) for (const r of app.superuserRoles) roles.add(r);
    this.globalSuperusers = roles.size ? roles : BOOTSTRAP_SUPERUSER_ROLES;
  }

  /** The live version of an app, or APP_NOT_FOUND (404). */
  get(appId: string): LoadedApp {
    const app = this.live.get(appId);
    if (!app) {
      throw new AppError('APP_NOT_FOUND', 404, `There is no published app "${appId}".`, {
        hint: `Published apps: ${[...this.live.keys()].join(', ') || 'none yet'}. Publish a definition first.`,
      });
    }
    return app;
  }

  has(appId: string): boolean {
    return this.live.has(appId);
  }

  ids(): string[] {
    return [...this.live.keys()];
  }

  /** Roles that are superuser in any published app (the bootstrap `admin` before the first publish). */
  superuserRoles(): ReadonlySet<string> {
    return this.globalSuperusers;
  }

  /** The entity of an app, or ENTITY_NOT_FOUND (404). */
  entity(app: LoadedApp, entityId: string): Entity {
    const entity = app.entities.get(entityId);
    if (!entity) {
      throw new AppError('ENTITY_NOT_FOUND', 404, `App "${app.id}" has no entity "${entityId}".`, {
        hint: `Entities: ${[...app.entities.keys()].join(', ')}.`,
      });
    }
    return entity;
  }
}
