import type { AppDefinition, I18NText } from '@statecraft/schema';
import type { Dialect } from './column-types.ts';
import { inTransaction, type Db } from './db.ts';
import { decodeJson } from './json-column.ts';
import { StoreError } from './store-error.ts';
import { normaliseInstant } from './value-codec.ts';

/** The definition an analyst is editing: one per app, saved over and over. */
export interface DraftDefinition {
  appId: string;
  definition: AppDefinition;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
}

/** A published version: immutable, records run under it. */
export interface PublishedDefinition {
  appId: string;
  version: number;
  definition: AppDefinition;
  publishedAt: string;
  publishedBy: string | null;
  note: string | null;
}

/** A version in the history list (without the definition body). */
export type DefinitionVersion = Omit<PublishedDefinition, 'definition'>;

/** An app and where it stands. */
export interface AppSummary {
  id: string;
  name: I18NText;
  latestVersion: number | null;
  hasDraft: boolean;
  updatedAt: string;
}

function checkDefinition(def: AppDefinition): void {
  if (!def || typeof def !== 'object' || typeof def.id !== 'string' || def.id === '') {
    throw new StoreError('STORE_INVALID_ARGUMENT', 'A definition needs an "id" (the app id); validate it with validateDefinition() before saving.', { field: 'id' });
  }
}

function toPublished(row: Record<string, unknown>): PublishedDefinition {
  return {
    appId: row.app_id as string,
    version: Number(row.version),
    definition: decodeJson(row.definition) as AppDefinition,
    publishedAt: String(row.published_at),
    publishedBy: (row.published_by as string | null) ?? null,
    note: (row.note as string | null) ?? null,
  };
}

/**
 * App definitions (sc_app, sc_definition): a draft per app, and published versions numbered
 * 1, 2, 3… that can never be changed or deleted (enforced here and by a database trigger).
 */
export class DefinitionRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private async upsertApp(db: Db, def: AppDefinition, now: string): Promise<void> {
    await db('sc_app')
      .insert({ id: def.id, name: JSON.stringify(def.name ?? { 'zh-CN': def.id }), created_at: now, updated_at: now })
      .onConflict('id')
      .merge({ name: JSON.stringify(def.name ?? { 'zh-CN': def.id }), updated_at: now });
  }

  /**
   * Saves the draft of the definition's app (creating the app the first time).
   *
   * @example await store.definitions.saveDraft(def, { by: 'analyst1', now })
   */
  async saveDraft(def: AppDefinition, meta: { by: string | null; now: string }): Promise<DraftDefinition> {
    checkDefinition(def);
    const now = normaliseInstant(meta.now, 'now');
    return inTransaction(this.db, async (trx) => {
      await this.upsertApp(trx, def, now);
      const body = JSON.stringify(def);
      // Only the draft row is ever updated: published rows are out of reach of this statement.
      const changed = await trx('sc_definition').where({ app_id: def.id, status: 'draft' }).update({ definition: body, updated_at: now });
      if (changed === 0) {
        await trx('sc_definition').insert({ app_id: def.id, status: 'draft', version: null, definition: body, created_at: now, created_by: meta.by, updated_at: now });
      }
      return (await this.getDraftOn(trx, def.id))!;
    });
  }

  /** The draft of an app, or null. */
  async getDraft(appId: string): Promise<DraftDefinition | null> {
    return this.getDraftOn(this.db, appId);
  }

  private async getDraftOn(db: Db, appId: string): Promise<DraftDefinition | null> {
    const row = await db('sc_definition').where({ app_id: appId, status: 'draft' }).first();
    if (!row) return null;
    return { appId, definition: decodeJson(row.definition) as AppDefinition, createdAt: String(row.created_at), createdBy: row.created_by ?? null, updatedAt: String(row.updated_at) };
  }

  /** Throws the draft away (published versions stay). */
  async discardDraft(appId: string): Promise<boolean> {
    return (await this.db('sc_definition').where({ app_id: appId, status: 'draft' }).delete()) > 0;
  }

  /**
   * Publishes a new immutable version: the given definition, or the app's draft. Returns it with
   * its version number (previous + 1). Pair it with applyDefinition in one transaction so the
   * tables and the version move together.
   *
   * @example
   * await store.transaction(async (tx) => {
   *   const published = await tx.definitions.publish('oms', { by: 'analyst1', now });
   *   await tx.applyDefinition(published.definition, { defVersion: published.version });
   * });
   */
  async publish(appId: string, meta: { by: string | null; now: string; note?: string | null; definition?: AppDefinition }): Promise<PublishedDefinition> {
    const now = normaliseInstant(meta.now, 'now');
    return inTransaction(this.db, async (trx) => {
      let def = meta.definition;
      if (def) {
        checkDefinition(def);
        if (def.id !== appId) {
          throw new StoreError('STORE_INVALID_ARGUMENT', `The definition's id "${def.id}" does not match the app "${appId}" being published.`, { field: 'definition.id' });
        }
      } else {
        const draft = await this.getDraftOn(trx, appId);
        if (!draft) throw new StoreError('STORE_NO_DRAFT', `App "${appId}" has no draft to publish: save a draft first, or pass the definition.`, { appId });
        def = draft.definition;
      }
      await this.upsertApp(trx, def, now);
      // Two publishers at once: the app row lock makes the second wait and take the next number.
      if (this.dialect === 'postgres') await trx('sc_app').where({ id: appId }).forUpdate().first('id');
      const last = await trx('sc_definition').where({ app_id: appId, status: 'published' }).max({ v: 'version' }).first();
      const version = Number(last?.v ?? 0) + 1;
      const [row] = await trx('sc_definition')
        .insert({
          app_id: appId,
          status: 'published',
          version,
          definition: JSON.stringify(def),
          created_at: now,
          created_by: meta.by,
          updated_at: now,
          published_at: now,
          published_by: meta.by,
          note: meta.note ?? null,
        })
        .returning('*');
      return toPublished(row);
    });
  }

  /**
   * A published version (the latest when `version` is omitted), or null.
   *
   * @example const live = await store.definitions.getPublished('oms')
   */
  async getPublished(appId: string, version?: number): Promise<PublishedDefinition | null> {
    const qb = this.db('sc_definition').where({ app_id: appId, status: 'published' });
    if (version !== undefined) qb.andWhere({ version });
    else qb.orderBy('version', 'desc');
    const row = await qb.first();
    return row ? toPublished(row) : null;
  }

  /** The published versions of an app, newest first. */
  async listVersions(appId: string): Promise<DefinitionVersion[]> {
    const rows = await this.db('sc_definition')
      .where({ app_id: appId, status: 'published' })
      .orderBy('version', 'desc')
      .select('app_id', 'version', 'published_at', 'published_by', 'note');
    return rows.map((r: Record<string, unknown>) => {
      const { definition: _omit, ...rest } = toPublished({ ...r, definition: null });
      return rest;
    });
  }

  /** Every app with its latest version and whether a draft is pending. */
  async listApps(): Promise<AppSummary[]> {
    const apps = await this.db('sc_app').orderBy('id');
    const versions = await this.db('sc_definition').where({ status: 'published' }).groupBy('app_id').select('app_id').max({ v: 'version' });
    const drafts = new Set((await this.db('sc_definition').where({ status: 'draft' }).select('app_id')).map((r: { app_id: string }) => r.app_id));
    const latest = new Map(versions.map((r: Record<string, unknown>) => [r.app_id as string, Number(r.v)]));
    return apps.map((a: Record<string, unknown>) => ({
      id: a.id as string,
      name: decodeJson(a.name) as I18NText,
      latestVersion: latest.get(a.id as string) ?? null,
      hasDraft: drafts.has(a.id as string),
      updatedAt: String(a.updated_at),
    }));
  }
}
