import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopDefinition } from './fixture-definition.ts';
import { openTestStore, testStores, type TestStore } from './testing.ts';

const now = '2024-11-11T00:00:00.000Z';
const later = '2024-11-12T00:00:00.000Z';

describe.each(await testStores())('DefinitionRepository on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => (t = await openTestStore(dialect, { memory: true })));
  afterAll(() => t.dispose());

  it('saves one draft per app, over and over', async () => {
    const def = shopDefinition();
    const first = await t.store.definitions.saveDraft(def, { by: 'analyst', now });
    expect(first).toMatchObject({ appId: 'shop', definition: def, createdAt: now, createdBy: 'analyst', updatedAt: now });
    const changed = { ...def, version: '1.0.1' };
    const second = await t.store.definitions.saveDraft(changed, { by: 'analyst2', now: later });
    expect(second).toMatchObject({ definition: changed, createdAt: now, createdBy: 'analyst', updatedAt: later });
    expect(await t.store.knex('sc_definition').where({ app_id: 'shop', status: 'draft' }).count({ n: '*' }).first()).toMatchObject({ n: 1 });
    expect(await t.store.definitions.getDraft('shop')).toEqual(second);
    expect(await t.store.definitions.getDraft('none')).toBeNull();
  });

  it('publishes numbered immutable versions and reads them back', async () => {
    const v1 = await t.store.definitions.publish('shop', { by: 'lead', now, note: '首发' });
    expect(v1).toMatchObject({ appId: 'shop', version: 1, publishedAt: now, publishedBy: 'lead', note: '首发' });
    expect(v1.definition.version).toBe('1.0.1');
    const next = { ...shopDefinition(), version: '1.1.0' };
    const v2 = await t.store.definitions.publish('shop', { by: 'lead', now: later, definition: next });
    expect(v2.version).toBe(2);
    expect(await t.store.definitions.getPublished('shop')).toEqual(v2);
    expect(await t.store.definitions.getPublished('shop', 1)).toEqual(v1);
    expect(await t.store.definitions.getPublished('shop', 7)).toBeNull();
    expect(await t.store.definitions.listVersions('shop')).toEqual([
      { appId: 'shop', version: 2, publishedAt: later, publishedBy: 'lead', note: null },
      { appId: 'shop', version: 1, publishedAt: now, publishedBy: 'lead', note: '首发' },
    ]);
    // Saving the draft again never touches what was published.
    await t.store.definitions.saveDraft({ ...shopDefinition(), version: '9.9.9' }, { by: 'x', now: later });
    expect((await t.store.definitions.getPublished('shop', 1))?.definition.version).toBe('1.0.1');
  });

  it('refuses any change to a published row, even through raw SQL', async () => {
    const published = await t.store.knex('sc_definition').where({ app_id: 'shop', version: 1 }).first();
    await expect(t.store.knex('sc_definition').where({ id: published.id }).update({ note: 'rewritten' })).rejects.toThrow(/STORE_IMMUTABLE/);
    await expect(t.store.knex('sc_definition').where({ id: published.id }).delete()).rejects.toThrow(/STORE_IMMUTABLE/);
    expect((await t.store.definitions.getPublished('shop', 1))?.note).toBe('首发');
  });

  it('numbers concurrent publishes without gaps or duplicates', async () => {
    const def = { ...shopDefinition(), id: 'race' };
    const results = await Promise.all([1, 2, 3].map(() => t.store.definitions.publish('race', { by: 'x', now, definition: def })));
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3]);
  });

  it('lists apps with their latest version and draft status', async () => {
    expect(await t.store.definitions.listApps()).toEqual([
      { id: 'race', name: shopDefinition().name, latestVersion: 3, hasDraft: false, updatedAt: now },
      { id: 'shop', name: shopDefinition().name, latestVersion: 2, hasDraft: true, updatedAt: later },
    ]);
  });

  it('needs a draft or a definition to publish, and a matching app id', async () => {
    await expect(t.store.definitions.publish('ghost', { by: 'x', now })).rejects.toMatchObject({ code: 'STORE_NO_DRAFT' });
    await expect(t.store.definitions.publish('other', { by: 'x', now, definition: shopDefinition() })).rejects.toMatchObject({ code: 'STORE_INVALID_ARGUMENT' });
    expect(await t.store.definitions.discardDraft('shop')).toBe(true);
    expect(await t.store.definitions.getDraft('shop')).toBeNull();
  });

  it('publishes and applies in one transaction, so tables and version move together', async () => {
    const def = { ...shopDefinition(), id: 'together' };
    await t.store.definitions.saveDraft(def, { by: 'a', now });
    const published = await t.store.transaction(async (tx) => {
      const p = await tx.definitions.publish('together', { by: 'a', now });
      await tx.applyDefinition(p.definition, { defVersion: p.version });
      return p;
    });
    expect(published.version).toBe(1);
    expect(await t.store.records.count('order')).toBe(0);
  });
});
