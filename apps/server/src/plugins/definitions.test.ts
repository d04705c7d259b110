import type { AppDefinition } from '@statecraft/schema';
import { testStores } from '@statecraft/store/testing';
import { definition } from '@statecraft/template-oms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../testing/harness.ts';
import { orderData } from '../testing/orders.ts';

const APP = '/api/apps/ecommerce_oms';
const clone = (): AppDefinition => structuredClone(definition);

/** The definition with an extra order field `gift_note`. */
function withGiftNote(): AppDefinition {
  const def = clone();
  def.version = '1.1.0';
  def.entities.find((e) => e.id === 'order')!.fields.push({ id: 'gift_note', type: 'text', label: { 'zh-CN': '赠言', en: 'Gift note' }, maxLength: 200 });
  return def;
}

/** A definition whose transition leads to a state that does not exist. */
function broken(): AppDefinition {
  const def = clone();
  def.workflows[0]!.transitions[0]!.to = 'nowhere';
  return def;
}

describe.each(await testStores())('definitions on %s', (dialect) => {
  let h: Harness;
  let analyst: string;
  let ops: string;

  beforeAll(async () => {
    h = await openHarness(dialect);
    analyst = await h.login('analyst1');
    ops = await h.login('ops1');
  });
  afterAll(() => h.dispose());

  it('lists apps and serves the published version 1', async () => {
    const apps = (await h.as(ops, { method: 'GET', url: '/api/apps' })).json().items;
    expect(apps).toEqual([expect.objectContaining({ id: 'ecommerce_oms', latestVersion: 1, hasDraft: false })]);
    const published = (await h.as(ops, { method: 'GET', url: `${APP}/definition` })).json();
    expect(published).toMatchObject({ appId: 'ecommerce_oms', version: 1, definition: { id: 'ecommerce_oms' } });
    expect(published.definition).toEqual(definition);
    const missing = await h.as(ops, { method: 'GET', url: `${APP}/definition?version=9` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('DEFINITION_NOT_FOUND');
  });

  it('validates a definition into problems with JSON pointers', async () => {
    const ok = await h.as(ops, { method: 'POST', url: '/api/definitions/validate', payload: definition });
    expect(ok.json()).toMatchObject({ valid: true, errors: 0 });
    const bad = (await h.as(ops, { method: 'POST', url: '/api/definitions/validate', payload: broken() })).json();
    expect(bad.valid).toBe(false);
    expect(bad.problems).toContainEqual(expect.objectContaining({ path: '/workflows/0/transitions/0/to', severity: 'error', code: expect.stringMatching(/^DEF_/) }));
    const shape = (await h.as(ops, { method: 'POST', url: '/api/definitions/validate', payload: { id: 'Bad Id' } })).json();
    expect(shape.valid).toBe(false);
    expect(shape.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['/id', '/entities']));
  });

  it('saves a draft with its problems', async () => {
    const saved = await h.as(analyst, { method: 'PUT', url: `${APP}/definition/draft`, payload: broken() });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ appId: 'ecommerce_oms', valid: false });
    const draft = (await h.as(analyst, { method: 'GET', url: `${APP}/definition/draft` })).json();
    expect(draft.definition.workflows[0].transitions[0].to).toBe('nowhere');
    const mismatch = await h.as(analyst, { method: 'PUT', url: `${APP}/definition/draft`, payload: { ...definition, id: 'other_app' } });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.code).toBe('DEFINITION_ID_MISMATCH');
  });

  it('refuses to publish a definition with errors (422 and the problems), changing nothing', async () => {
    const refused = await h.as(analyst, { method: 'POST', url: `${APP}/definition/publish`, payload: {} });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('DEF_INVALID');
    expect(refused.json().error.problems).toContainEqual(expect.objectContaining({ path: '/workflows/0/transitions/0/to' }));
    const versions = (await h.as(analyst, { method: 'GET', url: `${APP}/definition/versions` })).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1]);
  });

  it('publishes a valid definition: a new immutable version whose new field gets a column', async () => {
    const before = await h.as(ops, { method: 'POST', url: `${APP}/records/order`, payload: { data: orderData() } });
    expect(before.json().record.defVersion).toBe(1);
    const unknownField = await h.as(ops, { method: 'POST', url: `${APP}/records/order`, payload: { data: orderData({ gift_note: '生日快乐' }) } });
    expect(unknownField.statusCode).toBeGreaterThanOrEqual(400);

    const published = await h.as(analyst, { method: 'POST', url: `${APP}/definition/publish`, payload: { definition: withGiftNote(), note: 'gift note' } });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ appId: 'ecommerce_oms', version: 2 });
    expect(published.json().changes).toContainEqual(expect.objectContaining({ kind: 'add_column', table: 'e_order', column: 'gift_note' }));
    const columns = await h.test.store.knex('e_order').columnInfo();
    expect(columns).toHaveProperty('gift_note');

    const after = await h.as(ops, { method: 'POST', url: `${APP}/records/order`, payload: { data: orderData({ gift_note: '生日快乐' }) } });
    expect(after.statusCode, after.body).toBe(201);
    expect(after.json().record).toMatchObject({ defVersion: 2, data: { gift_note: '生日快乐' } });
    // The older record still says it was written under version 1 until it is written again.
    const old = await h.as(ops, { method: 'GET', url: `${APP}/records/order/${before.json().record.id}` });
    expect(old.json()).toMatchObject({ defVersion: 1, data: { gift_note: null } });

    const v1 = (await h.as(ops, { method: 'GET', url: `${APP}/definition?version=1` })).json();
    expect(v1.definition.entities[0].fields.map((f: { id: string }) => f.id)).not.toContain('gift_note');
    expect((await h.as(ops, { method: 'GET', url: `${APP}/definition` })).json().version).toBe(2);
    // Published rows are immutable, down to the database.
    await expect(h.test.store.knex('sc_definition').where({ version: 1 }).update({ note: 'rewritten' })).rejects.toThrow(/STORE_IMMUTABLE/);
  });

  it('needs allowDestructive to drop a field, and keeps its data', async () => {
    const def = withGiftNote();
    def.version = '1.2.0';
    const order = def.entities.find((e) => e.id === 'order')!;
    order.fields = order.fields.filter((f) => f.id !== 'gift_note') as typeof order.fields;
    const refused = await h.as(analyst, { method: 'POST', url: `${APP}/definition/publish`, payload: { definition: def } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('STORE_DESTRUCTIVE_CHANGE');
    expect(refused.json().error.hint).toContain('allowDestructive');
    const versions = (await h.as(analyst, { method: 'GET', url: `${APP}/definition/versions` })).json().items;
    expect(versions[0].version).toBe(2);

    const allowed = await h.as(analyst, { method: 'POST', url: `${APP}/definition/publish`, payload: { definition: def, allowDestructive: true } });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json().version).toBe(3);
    const columns = Object.keys(await h.test.store.knex('e_order').columnInfo());
    expect(columns).not.toContain('gift_note');
    expect(columns.some((c) => c.startsWith('_dropped_gift_note'))).toBe(true);
  });

  it('refuses a second app in the same database', async () => {
    const other = { ...clone(), id: 'other_shop' };
    const res = await h.as(await h.login('admin'), { method: 'POST', url: '/api/apps/other_shop/definition/publish', payload: { definition: other } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('APP_ONE_PER_DATABASE');
  });
});
