import type { ActiveModel } from './active-model.ts';
import type { Db } from './db.ts';
import type { EntityModel } from './entity-model.ts';
import type { RecordData, WriteMeta } from './record-envelope.ts';
import type { EntityCodec } from './record-codec.ts';
import { dialectOf, execute, ident, insertRow, placeholders, queryRows } from './sql-statement.ts';
import { StoreError } from './store-error.ts';

/** Lines of several parents: parent id → lines field → line data (each with its `id`). */
export type LinesByParent = Map<number, Map<string, RecordData[]>>;

const IN_CHUNK = 500;

/** The items of a lines field, checked to be an array of objects. */
export function lineItems(value: unknown, path: string): RecordData[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => v === null || typeof v !== 'object' || Array.isArray(v))) {
    throw new StoreError('STORE_INVALID_VALUE', `${path} must be an array of line objects.`, { field: path });
  }
  return value as RecordData[];
}

/** A new line row: system columns, the parent link and the line's field columns. */
export function lineRow(codec: EntityCodec, item: RecordData, path: string, parentId: number, lineNo: number, meta: WriteMeta): Record<string, unknown> {
  codec.checkKeys(item, path, true);
  const values = codec.encodeRow(item, path);
  const row: Record<string, unknown> = {
    _version: 1,
    _def_version: meta.defVersion,
    _created_at: meta.now,
    _updated_at: meta.now,
    _created_by: meta.actor,
    _updated_by: meta.actor,
    _hold: null,
    parent_id: parentId,
    line_no: lineNo,
  };
  codec.dataColumns.forEach((c, i) => (row[c] = values[i]));
  return row;
}

/**
 * Reads the lines of the given parents, in line order, one query per lines field and chunk.
 *
 * @example (await loadLines(db, active, orderModel, [7])).get(7)?.get('lines') // → [{ id: 21, sku: 'A-1', qty: 2, … }]
 */
export async function loadLines(db: Db, active: ActiveModel, em: EntityModel, parentIds: number[]): Promise<LinesByParent> {
  const out: LinesByParent = new Map();
  if (em.lines.length === 0 || parentIds.length === 0) return out;
  for (const id of parentIds) out.set(id, new Map(em.lines.map((l) => [l.field, []])));
  for (const lines of em.lines) {
    const { model, codec } = active.entity(lines.entity);
    for (let i = 0; i < parentIds.length; i += IN_CHUNK) {
      const chunk = parentIds.slice(i, i + IN_CHUNK);
      const where = chunk.length === 1 ? '= ?' : `IN (${placeholders(chunk.length)})`;
      const rows = await queryRows(db, `SELECT * FROM ${ident(model.table)} WHERE "parent_id" ${where} ORDER BY "parent_id", "line_no"`, chunk);
      for (const row of rows) {
        out.get(Number(row.parent_id))!.get(lines.field)!.push({ id: Number(row.id), ...codec.decodeData(row) });
      }
    }
  }
  return out;
}

/**
 * Multi-row inserts in chunks that stay under both dialects' bound-parameter limits. Every row
 * has the columns of the first (callers build them alike), so the SQL is written once per chunk
 * size rather than compiled by knex per chunk. With `returning`, resolves with those columns of
 * the inserted rows (in no particular order: both dialects leave RETURNING's order open).
 */
export async function insertChunked(db: Db, table: string, rows: Record<string, unknown>[], returning: string[] = []): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  if (rows.length === 0) return out;
  const columns = Object.keys(rows[0]!);
  const size = Math.max(1, Math.floor(30_000 / (columns.length || 1)));
  const head = `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES `;
  const row = `(${placeholders(columns.length)})`;
  const tail = returning.length ? ` RETURNING ${returning.map(ident).join(', ')}` : '';
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const sql = head + chunk.map(() => row).join(', ') + tail;
    const bindings = chunk.flatMap((r) => columns.map((c) => r[c]));
    if (tail) out.push(...(await queryRows(db, sql, bindings)));
    else await execute(db, sql, bindings);
  }
  return out;
}

/**
 * Inserts rows alike (a new record's lines, a few) and resolves with their new ids in order. SQLite:
 * one prepared single-row insert each, the id as the connection reports it (cheaper than a
 * RETURNING clause there); PostgreSQL: multi-row inserts returning the ids, matched back by
 * `line_no`, which is unique among the rows.
 */
// The same SQL string object per lines table: the connection's statement cache hashes it once.
const lineInserts = new Map<string, string>();

async function insertReturningIds(db: Db, table: string, rows: Record<string, unknown>[]): Promise<number[]> {
  if (dialectOf(db) === 'sqlite') {
    const columns = Object.keys(rows[0] ?? {});
    const key = `${table} ${columns.join(',')}`;
    let sql = lineInserts.get(key);
    if (sql === undefined) lineInserts.set(key, (sql = `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES (${placeholders(columns.length)})`));
    const ids: number[] = [];
    for (const r of rows) ids.push((await insertRow(db, sql, columns.map((c) => r[c])))!);
    return ids;
  }
  const byLine = new Map((await insertChunked(db, table, rows, ['id', 'line_no'])).map((r) => [Number(r.line_no), Number(r.id)]));
  return rows.map((r) => byLine.get(r.line_no as number)!);
}

/**
 * Inserts the lines of a new parent; resolves with them as `loadLines` would read them back
 * (lines field → lines in line order, each with its new `id`), decoded from the rows written.
 */
export async function insertLines(db: Db, active: ActiveModel, em: EntityModel, parentId: number, data: RecordData, meta: WriteMeta, path: string): Promise<Map<string, RecordData[]>> {
  const out = new Map<string, RecordData[]>();
  for (const lines of em.lines) {
    const items = lineItems(data[lines.field], `${path}.${lines.field}`);
    const written: RecordData[] = [];
    out.set(lines.field, written);
    if (items.length === 0) continue;
    const { model, codec } = active.entity(lines.entity);
    // Ids on the items of a new record are copies from elsewhere: new lines get new ids.
    const rows = items.map((item, i) => lineRow(codec, item, `${path}.${lines.field}[${i}]`, parentId, i + 1, meta));
    const ids = await insertReturningIds(db, model.table, rows);
    rows.forEach((r, i) => written.push({ id: ids[i]!, ...codec.decodeData(r) }));
  }
  return out;
}

/**
 * Replaces the lines of the lines fields present in `data`: items with the `id` of one of the
 * parent's lines update that line (keeping its id and creation stamp), items without an id are
 * added, and lines no longer listed are deleted.
 */
export async function replaceLines(db: Db, active: ActiveModel, em: EntityModel, parentId: number, data: RecordData, meta: WriteMeta, path: string): Promise<void> {
  for (const lines of em.lines) {
    if (!(lines.field in data)) continue;
    const fieldPath = `${path}.${lines.field}`;
    const items = lineItems(data[lines.field], fieldPath);
    const { model, codec } = active.entity(lines.entity);
    const existing = new Set((await db(model.table).where({ parent_id: parentId }).select('id')).map((r: { id: unknown }) => Number(r.id)));
    const kept = new Set<number>();
    items.forEach((item, i) => {
      if (item.id === undefined || item.id === null) return;
      if (typeof item.id !== 'number' || !existing.has(item.id) || kept.has(item.id)) {
        throw new StoreError('STORE_INVALID_VALUE', `${fieldPath}[${i}].id ${JSON.stringify(item.id)} is not a line of ${em.id} ${parentId} (or appears twice): leave the id out to add a new line.`, { field: `${fieldPath}[${i}].id` });
      }
      kept.add(item.id);
    });
    const gone = [...existing].filter((id) => !kept.has(id));
    if (gone.length > 0) await db(model.table).whereIn('id', gone).delete();
    const added: Record<string, unknown>[] = [];
    for (const [i, item] of items.entries()) {
      const itemPath = `${fieldPath}[${i}]`;
      if (item.id === undefined || item.id === null) {
        added.push(lineRow(codec, item, itemPath, parentId, i + 1, meta));
        continue;
      }
      codec.checkKeys(item, itemPath, true);
      const values = codec.encodeRow(item, itemPath);
      const update: Record<string, unknown> = { line_no: i + 1, _def_version: meta.defVersion, _updated_at: meta.now, _updated_by: meta.actor };
      codec.dataColumns.forEach((c, k) => (update[c] = values[k]));
      await db(model.table).where({ id: item.id }).update({ ...update, _version: db.raw('_version + 1') });
    }
    await insertChunked(db, model.table, added);
  }
}
