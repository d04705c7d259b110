import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import type { AppDefinition, Field } from '@statecraft/schema';
import { sampleOrder, shopDefinition } from './fixture-definition.ts';
import { StoreError } from './store-error.ts';
import { openTestStore, testStores, type TestStore } from './testing.ts';

const meta = { actor: 'u1', now: '2024-11-11T01:00:00.000Z', defVersion: 1 };

function withOrderFields(def: AppDefinition, change: (fields: Field[]) => Field[]): AppDefinition {
  const copy = structuredClone(def);
  const order = copy.entities.find((e) => e.id === 'order')!;
  order.fields = change(order.fields) as [Field, ...Field[]];
  return copy;
}

async function columnsOf(t: TestStore, table: string): Promise<Record<string, string>> {
  if (t.dialect === 'sqlite') {
    const rows = await t.store.knex.raw(`PRAGMA table_info("${table}")`);
    return Object.fromEntries(rows.map((r: { name: string; type: string }) => [r.name, r.type.toLowerCase()]));
  }
  const res = await t.store.knex.raw(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`, [table]);
  return Object.fromEntries(res.rows.map((r: { column_name: string; data_type: string }) => [r.column_name, r.data_type]));
}

async function indexesOf(t: TestStore, table: string): Promise<string[]> {
  if (t.dialect === 'sqlite') {
    const rows = await t.store.knex.raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, [table]);
    return rows.map((r: { name: string }) => r.name).sort();
  }
  const res = await t.store.knex.raw(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ? AND indexname NOT LIKE '%_pkey'`, [table]);
  return res.rows.map((r: { indexname: string }) => r.indexname).sort();
}

async function rejection(p: Promise<unknown>): Promise<StoreError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  return err as StoreError;
}

// Every test gets a fresh database; they run concurrently because opening one costs a schema.
describe.concurrent.each(await testStores())('entity tables on %s', (dialect) => {
  const open = async (ctx: TestContext) => {
    const t = await openTestStore(dialect, { memory: true });
    ctx.onTestFinished(() => t.dispose());
    return t;
  };
  // Tests that only see definitions rejected share one database that never gets a definition.
  let untouched: TestStore;
  beforeAll(async () => (untouched = await openTestStore(dialect, { memory: true })));
  afterAll(() => untouched.dispose());

  it('creates a table per entity with system, state, field and address columns', async (ctx) => {
    const t = await open(ctx);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    const cols = await columnsOf(t, 'e_order');
    for (const c of ['id', '_version', '_def_version', '_created_at', '_updated_at', '_created_by', '_updated_by', '_hold', 'status', 'order_no', 'ship_to_province', 'ship_to_city', 'ship_to_district', 'ship_to_detail', 'ship_to_zip', 'ship_to_hash', 'paid', 'weight', 'gift', 'order_date', 'paid_at', 'tags', 'customer', 'total']) {
      expect(cols, c).toHaveProperty(c);
    }
    expect(cols).not.toHaveProperty('lines');
    expect(cols).not.toHaveProperty('parent_id');
    if (dialect === 'postgres') {
      expect(cols).toMatchObject({ id: 'bigint', paid: 'bigint', weight: 'numeric', gift: 'boolean', order_date: 'date', paid_at: 'timestamp with time zone', tags: 'jsonb', status: 'text', _created_at: 'timestamp with time zone' });
    } else {
      expect(cols).toMatchObject({ id: 'integer', paid: 'bigint', gift: 'boolean', order_date: 'text', paid_at: 'text', tags: 'text', status: 'text' });
    }
    const lineCols = await columnsOf(t, 'e_order_line');
    expect(lineCols).toHaveProperty('parent_id');
    expect(lineCols).toHaveProperty('line_no');
    expect(await indexesOf(t, 'e_order')).toEqual(['ix_e_order_buyer', 'ix_e_order_by_channel_date', 'ix_e_order_status', 'ux_e_order_order_no'].sort());
    expect(await indexesOf(t, 'e_order_line')).toEqual(['ix_e_order_line_parent']);
  });

  it('enforces unique fields in the database', async (ctx) => {
    const t = await open(ctx);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    await t.store.records.insert('order', { order_no: 'U-1' }, meta);
    await expect(t.store.records.insert('order', { order_no: 'U-1' }, meta)).rejects.toMatchObject({ code: 'STORE_DUPLICATE', details: { entity: 'order', fields: ['order_no'] } });
  });

  it('deletes lines with their parent (ON DELETE CASCADE)', async (ctx) => {
    const t = await open(ctx);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    const order = await t.store.records.insert('order', sampleOrder(1), meta);
    await t.store.knex('e_order').where({ id: order.id }).delete();
    expect(await t.store.knex('e_order_line').count({ n: '*' }).first()).toMatchObject({ n: 0 });
  });

  it('is idempotent: applying the same definition again plans nothing', async (ctx) => {
    const t = await open(ctx);
    const first = await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    expect(first.changes.length).toBeGreaterThan(0);
    const again = await t.store.applyDefinition(shopDefinition(), { defVersion: 2 });
    expect(again.changes).toEqual([]);
  });

  it('adds new entities, fields and indexes automatically, keeping the data', async (ctx) => {
    const t = await open(ctx);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    const order = await t.store.records.insert('order', sampleOrder(1), meta);
    const def = withOrderFields(shopDefinition(), (fields) => [...fields, { id: 'invoice', type: 'boolean', label: { 'zh-CN': '开票' }, indexed: true }, { id: 'bill_to', type: 'address', label: { 'zh-CN': '发票地址' } }]);
    def.entities.push({ id: 'warehouse', label: { 'zh-CN': '仓库' }, fields: [{ id: 'code', type: 'text', label: { 'zh-CN': '编码' } }] });
    const plan = await t.store.applyDefinition(def, { defVersion: 2 });
    expect(plan.destructive).toEqual([]);
    expect(plan.changes.map((c) => c.kind).sort()).toEqual(['add_column', 'add_column', 'add_column', 'add_column', 'add_column', 'add_column', 'add_column', 'create_index', 'create_table'].sort());
    const read = await t.store.records.get('order', order.id);
    expect(read.data).toMatchObject({ order_no: order.data.order_no, invoice: null, bill_to: null });
    const updated = await t.store.records.update('order', order.id, 1, { invoice: true, bill_to: { province: 'a', city: 'b', district: 'c', detail: 'd' } }, { ...meta, defVersion: 2 });
    expect(updated.data.invoice).toBe(true);
    expect(updated.defVersion).toBe(2);
    expect(await indexesOf(t, 'e_order')).toContain('ix_e_order_invoice');
    await t.store.records.insert('warehouse', { code: 'HZ-1' }, { ...meta, defVersion: 2 });
  });

  it('indexes one part of an address field, in the order listed', async (ctx) => {
    const t = await open(ctx);
    const def = shopDefinition();
    def.entities[0]!.indexes = [...(def.entities[0]!.indexes ?? []), { id: 'by_district', fields: ['ship_to.district', 'order_date', 'ship_to.detail'] }];
    await t.store.applyDefinition(def, { defVersion: 1 });
    expect(t.store.model?.entities.get('order')?.indexes).toContainEqual({ name: 'ix_e_order_by_district', columns: ['ship_to_district', 'order_date', 'ship_to_detail'], unique: false });
    expect(await indexesOf(t, 'e_order')).toContain('ix_e_order_by_district');
  });

  it('refuses to drop a field without allowDestructive, naming it and the fix', async (ctx) => {
    const t = await open(ctx);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    const def = withOrderFields(shopDefinition(), (fields) => fields.filter((f) => f.id !== 'remark' && f.id !== 'ship_to'));
    const plan = await t.store.planDefinition(def, { defVersion: 2 });
    expect(plan.destructive.map((c) => ('column' in c ? c.column : '')).sort()).toEqual(['remark', 'ship_to_city', 'ship_to_detail', 'ship_to_district', 'ship_to_hash', 'ship_to_province', 'ship_to_zip']);
    const err = await rejection(t.store.applyDefinition(def, { defVersion: 2 }));
    expect(err.code).toBe('STORE_DESTRUCTIVE_CHANGE');
    expect(err.message).toContain('order.remark');
    expect(err.message).toContain('order.ship_to');
    expect(err.message).toContain('allowDestructive');
    // Nothing changed.
    expect(await columnsOf(t, 'e_order')).toHaveProperty('remark');
    expect(t.store.model?.entities.get('order')?.fields.has('remark')).toBe(true);
  });

  it('with allowDestructive renames the dropped column and keeps its data', async (ctx) => {
    const t = await open(ctx);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    const order = await t.store.records.insert('order', { ...sampleOrder(1), remark: '保留我' }, meta);
    const def = withOrderFields(shopDefinition(), (fields) => fields.filter((f) => f.id !== 'remark'));
    const plan = await t.store.applyDefinition(def, { defVersion: 2, allowDestructive: true });
    expect(plan.destructive).toEqual([expect.objectContaining({ kind: 'drop_column', column: 'remark', renameTo: '_dropped_remark_v2' })]);
    const cols = await columnsOf(t, 'e_order');
    expect(cols).not.toHaveProperty('remark');
    const raw = await t.store.knex('e_order').where({ id: order.id }).first();
    expect(raw._dropped_remark_v2).toBe('保留我');
    expect((await t.store.records.get('order', order.id)).data).not.toHaveProperty('remark');
    // Adding the field back starts a fresh, empty column.
    await t.store.applyDefinition(shopDefinition(), { defVersion: 3 });
    expect((await t.store.records.get('order', order.id)).data.remark).toBeNull();
  });

  it('with allowDestructive changes a type: old column renamed, new one empty, indexes rebuilt', async (ctx) => {
    const t = await open(ctx);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    const order = await t.store.records.insert('order', { ...sampleOrder(1), buyer: '张三' }, meta);
    const def = withOrderFields(shopDefinition(), (fields) => fields.map((f) => (f.id === 'buyer' ? { id: 'buyer', type: 'integer', label: f.label, indexed: true } : f)));
    const err = await rejection(t.store.applyDefinition(def, { defVersion: 2 }));
    expect(err.message).toContain('order.buyer (column buyer) changes type from text to bigint');
    const plan = await t.store.applyDefinition(def, { defVersion: 2, allowDestructive: true });
    expect(plan.changes.map((c) => c.kind)).toEqual(['drop_index', 'change_type', 'create_index']);
    const raw = await t.store.knex('e_order').where({ id: order.id }).first();
    expect(raw._dropped_buyer_v2).toBe('张三');
    expect(raw.buyer).toBeNull();
    const updated = await t.store.records.update('order', order.id, 1, { buyer: 42 }, { ...meta, defVersion: 2 });
    expect(updated.data.buyer).toBe(42);
    expect(await indexesOf(t, 'e_order')).toContain('ix_e_order_buyer');
    expect((await t.store.records.list('order', { filters: [{ field: 'buyer', op: 'gte', value: 40 }] })).items).toHaveLength(1);
  });

  it('treats kinds with the same column type as compatible (text → longtext, integer ↔ money)', async (ctx) => {
    const t = await open(ctx);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    const def = withOrderFields(shopDefinition(), (fields) =>
      fields.map((f) => (f.id === 'buyer' ? { id: 'buyer', type: 'longtext', label: f.label } : f.id === 'qty_total' ? { id: 'qty_total', type: 'money', label: f.label } : f)),
    );
    const plan = await t.store.applyDefinition(def, { defVersion: 2 });
    expect(plan.destructive).toEqual([]);
    expect(plan.changes.filter((c) => c.kind !== 'drop_index')).toEqual([expect.objectContaining({ kind: 'retag_column', column: 'buyer', from: 'text', to: 'longtext' })]);
  });

  it('with allowDestructive renames a removed entity table, and can bring the entity back', async (ctx) => {
    const t = await open(ctx);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    await t.store.records.insert('customer', { name: '王五' }, meta);
    const def = shopDefinition();
    def.entities = def.entities.filter((e) => e.id !== 'customer') as typeof def.entities;
    def.entities[0].fields = def.entities[0].fields.filter((f) => f.id !== 'customer') as typeof def.entities[0]['fields'];
    expect((await rejection(t.store.applyDefinition(def, { defVersion: 2 }))).message).toContain('entity customer');
    await t.store.applyDefinition(def, { defVersion: 2, allowDestructive: true });
    expect(await t.store.knex('_dropped_e_customer_v2').select('name')).toEqual([{ name: '王五' }]);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 3 });
    const fresh = await t.store.records.insert('customer', { name: '赵六' }, { ...meta, defVersion: 3 });
    expect(fresh.id).toBe(1);
  });

  it('gives an existing entity parent_id and line_no when it becomes a line entity', async (ctx) => {
    const t = await open(ctx);
    const def = shopDefinition();
    await t.store.applyDefinition(def, { defVersion: 1 });
    const withNotes = structuredClone(def);
    withNotes.entities.push({ id: 'note', label: { 'zh-CN': '备注' }, fields: [{ id: 'text', type: 'text', label: { 'zh-CN': '内容' } }] });
    await t.store.applyDefinition(withNotes, { defVersion: 2 });
    const linked = structuredClone(withNotes);
    linked.entities[0].fields.push({ id: 'notes', type: 'lines', label: { 'zh-CN': '备注' }, entity: 'note' });
    const plan = await t.store.applyDefinition(linked, { defVersion: 3 });
    expect(plan.changes.map((c) => c.kind)).toEqual(['add_parent', 'create_index']);
    const order = await t.store.records.insert('order', { order_no: 'N-1', notes: [{ text: '易碎' }] }, { ...meta, defVersion: 3 });
    expect((order.data.notes as { text: string }[]).map((n) => n.text)).toEqual(['易碎']);
    await t.store.records.delete('order', order.id);
    expect(await t.store.knex('e_note').count({ n: '*' }).first()).toMatchObject({ n: 0 });
  });

  it('explains a unique index the stored data violates', async (ctx) => {
    const t = await open(ctx);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    await t.store.records.insert('order', { order_no: 'D-1', buyer: 'same' }, meta);
    await t.store.records.insert('order', { order_no: 'D-2', buyer: 'same' }, meta);
    const def = withOrderFields(shopDefinition(), (fields) => fields.map((f) => (f.id === 'buyer' ? { ...f, indexed: false, unique: true } : f)));
    const err = await rejection(t.store.applyDefinition(def, { defVersion: 2 }));
    expect(err.code).toBe('STORE_DUPLICATE');
    expect(err.message).toContain('buyer');
    // The failed publish rolled back: the old index is still there and the store still works.
    expect(await indexesOf(t, 'e_order')).toContain('ix_e_order_buyer');
    await t.store.records.insert('order', { order_no: 'D-3', buyer: 'same' }, meta);
  });

  it.for<[string, (d: AppDefinition) => unknown, string]>([
    ['a field named like a system column', (d: AppDefinition) => d.entities[2]!.fields.push({ id: 'parent_id', type: 'text', label: { 'zh-CN': 'x' } }), 'STORE_COLUMN_CONFLICT'],
    ['two fields sharing a column', (d: AppDefinition) => d.entities[0].fields.push({ id: 'ship_to_city', type: 'text', label: { 'zh-CN': 'x' } }), 'STORE_COLUMN_CONFLICT'],
    ['lines of an undeclared entity', (d: AppDefinition) => d.entities[2]!.fields.push({ id: 'things', type: 'lines', label: { 'zh-CN': 'x' }, entity: 'thing' }), 'STORE_UNKNOWN_ENTITY'],
    ['an entity that is the lines of two parents', (d: AppDefinition) => d.entities[2]!.fields.push({ id: 'ls', type: 'lines', label: { 'zh-CN': 'x' }, entity: 'order_line' }), 'STORE_UNSUPPORTED_DEFINITION'],
    ['an index over an unknown field', (d: AppDefinition) => (d.entities[2]!.indexes = [{ id: 'ix', fields: ['nope'] }]), 'STORE_UNKNOWN_FIELD'],
    ['an index over a part of a field that is no address', (d: AppDefinition) => (d.entities[0].indexes = [{ id: 'ix', fields: ['remark.district'] }]), 'STORE_UNKNOWN_FIELD'],
  ])('rejects %s before touching the database', async ([_name, mutate, code]) => {
    const t = untouched;
    const def = shopDefinition();
    mutate(def);
    const err = await rejection(t.store.applyDefinition(def, { defVersion: 1 }));
    expect(err.code).toBe(code);
    expect(await t.store.knex('sc_entity_table').count({ n: '*' }).first()).toMatchObject({ n: 0 });
  });

  it('requires defVersion', async () => {
    const t = untouched;
    const err = await rejection(t.store.applyDefinition(shopDefinition(), {} as never));
    expect(err.message).toContain('defVersion');
  });

  it('records need a definition applied first', async () => {
    const t = untouched;
    expect((await rejection(t.store.records.insert('order', {}, meta))).code).toBe('STORE_NO_DEFINITION');
  });

  it('uses the definition applied in a transaction only once it commits', async (ctx) => {
    const t = await open(ctx);
    await t.store.applyDefinition(shopDefinition(), { defVersion: 1 });
    const def = withOrderFields(shopDefinition(), (fields) => [...fields, { id: 'late', type: 'text', label: { 'zh-CN': '晚' } }]);
    await expect(
      t.store.transaction(async (tx) => {
        await tx.applyDefinition(def, { defVersion: 2 });
        await tx.records.insert('order', { order_no: 'T-1', late: 'yes' }, { ...meta, defVersion: 2 });
        throw new Error('abort publish');
      }),
    ).rejects.toThrow('abort publish');
    expect(t.store.model?.entities.get('order')?.fields.has('late')).toBe(false);
    expect(await columnsOf(t, 'e_order')).not.toHaveProperty('late');
    await t.store.transaction(async (tx) => void (await tx.applyDefinition(def, { defVersion: 2 })));
    expect(t.store.model?.entities.get('order')?.fields.has('late')).toBe(true);
  });
});
