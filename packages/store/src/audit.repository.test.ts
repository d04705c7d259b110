import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffRecordData } from './record-diff.ts';
import { StoreError } from './store-error.ts';
import { openTestStore, testStores, type TestStore } from './testing.ts';

describe('diffRecordData', () => {
  it('keeps only changed keys, deep-comparing lines and addresses', () => {
    const before = { status: 'paid', qty: 1, ship_to: { province: 'a', city: 'b' }, lines: [{ id: 1, qty: 1 }], remark: null };
    const after = { status: 'reviewed', qty: 1, ship_to: { province: 'a', city: 'b' }, lines: [{ id: 1, qty: 2 }], remark: undefined };
    expect(diffRecordData(before, after)).toEqual({ before: { status: 'paid', lines: [{ id: 1, qty: 1 }] }, after: { status: 'reviewed', lines: [{ id: 1, qty: 2 }] } });
  });

  it('diffs a creation from null and a deletion to null', () => {
    expect(diffRecordData(null, { a: 1, b: null })).toEqual({ before: { a: null }, after: { a: 1 } });
    expect(diffRecordData({ a: [1] }, null)).toEqual({ before: { a: [1] }, after: { a: null } });
  });

  it('sees differences in array length, key sets and array-vs-object', () => {
    expect(diffRecordData({ a: [1, 2] }, { a: [1] }).after).toEqual({ a: [1] });
    expect(diffRecordData({ a: { x: 1 } }, { a: { x: 1, y: 2 } }).after).toEqual({ a: { x: 1, y: 2 } });
    expect(diffRecordData({ a: [] }, { a: {} }).after).toEqual({ a: {} });
  });
});

describe.each(await testStores())('AuditRepository on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => (t = await openTestStore(dialect)));
  afterAll(() => t.dispose());

  it('appends many entries in one transaction, the same as one by one, and checks them all first', async () => {
    const entries = Array.from({ length: 3500 }, (_, i) => ({ entity: 'bulk', recordId: i + 1, action: 'create', actor: 'intake', at: '2024-11-11T08:00:00+08:00', after: { n: i }, details: { command: 'create' }, defVersion: 1 }));
    await t.store.transaction((tx) => tx.audit.appendMany(tx, entries));
    const one = await t.store.audit.listForRecord('bulk', 3500);
    expect(one).toEqual([{ id: expect.any(Number), entity: 'bulk', recordId: 3500, action: 'create', transition: null, actor: 'intake', at: '2024-11-11T00:00:00.000Z', before: null, after: { n: 3499 }, details: { command: 'create' }, defVersion: 1 }]);
    expect(Number((await t.store.knex('sc_audit').where({ entity: 'bulk' }).count({ n: '*' }))[0]!.n)).toBe(3500);
    const bad = [{ ...entries[0]!, entity: 'bulk2' }, { ...entries[1]!, entity: 'bulk2', at: 'yesterday' }];
    await expect(t.store.transaction((tx) => tx.audit.appendMany(tx, bad))).rejects.toMatchObject({ code: 'STORE_INVALID_VALUE' });
    expect(await t.store.audit.listForRecord('bulk2', 1)).toEqual([]);
  });

  it('appends every entry, in order, at the sizes around the multi-row chunks', async () => {
    for (const size of [1, 63, 64, 65, 129]) {
      const entity = `chunk${size}`;
      const entries = Array.from({ length: size }, (_, i) => ({ entity, recordId: i + 1, action: 'create', actor: null, at: i % 2 ? '2024-11-11T08:00:00+08:00' : '2024-11-11T01:00:00Z', after: { n: i, none: undefined }, defVersion: 1 }));
      await t.store.transaction((tx) => tx.audit.appendMany(tx, entries));
      const rows = await t.store.knex('sc_audit').where({ entity }).orderBy('id');
      expect(rows.map((r: { record_id: unknown }) => Number(r.record_id))).toEqual(entries.map((e) => e.recordId));
      expect(rows.map((r: { after: string }) => JSON.parse(r.after))).toEqual(entries.map((e, i) => ({ n: i })));
      expect(rows.map((r: { at: unknown }) => new Date(String(r.at)).toISOString())).toEqual(entries.map((e, i) => (i % 2 ? '2024-11-11T00:00:00.000Z' : '2024-11-11T01:00:00.000Z')));
    }
  });

  it('appends entries and lists a record history in time order', async () => {
    const base = { entity: 'order', recordId: 7, actor: 'u1', defVersion: 2 };
    await t.store.audit.append(t.store, { ...base, action: 'transition', transition: 'review', at: '2024-11-11T03:00:00Z', before: { status: 'paid' }, after: { status: 'reviewed' }, details: { steps: 1 } });
    await t.store.audit.append(t.store, { ...base, action: 'create', at: '2024-11-11T09:00:00+08:00', after: { status: 'paid' } });
    await t.store.audit.append(t.store, { ...base, recordId: 8, action: 'create', at: '2024-11-11T00:00:00Z' });
    await t.store.audit.append(t.store, { ...base, action: 'hold', actor: null, at: '2024-11-11T03:00:00Z', defVersion: null });
    const history = await t.store.audit.listForRecord('order', 7);
    expect(history.map((e) => e.action)).toEqual(['create', 'transition', 'hold']);
    expect(history[0]).toMatchObject({ at: '2024-11-11T01:00:00.000Z', before: null, after: { status: 'paid' }, transition: null, defVersion: 2 });
    expect(history[1]).toMatchObject({ transition: 'review', before: { status: 'paid' }, after: { status: 'reviewed' }, details: { steps: 1 }, actor: 'u1' });
    expect(history[2]).toMatchObject({ actor: null, defVersion: null });
  });

  it('rejects an entry without entity, record id or action', async () => {
    await expect(t.store.audit.append(t.store, { entity: '', recordId: 1, action: 'create', actor: null, at: '2024-11-11T00:00:00Z' })).rejects.toBeInstanceOf(StoreError);
    await expect(t.store.audit.append(t.store, { entity: 'order', recordId: 1, action: 'create', actor: null, at: 'now' })).rejects.toThrow(/at must be an ISO 8601 instant/);
  });
});
