import type { Dialect } from './column-types.ts';
import type { EntityModel } from './entity-model.ts';
import { decodeJson, encodeJson } from './json-column.ts';
import type { RecordData, RecordEnvelope, RecordHold, WriteMeta } from './record-envelope.ts';
import { StoreError } from './store-error.ts';
import { fieldCodec, normaliseInstant, type FieldCodec } from './value-codec.ts';

/**
 * Converts an entity's record data to rows and back. Built once per entity and definition, so the
 * per-row work in bulk inserts is a loop over prepared codecs.
 */
export class EntityCodec {
  readonly codecs: FieldCodec[];
  /** Data columns in a fixed order (the order `encodeRow` fills). */
  readonly dataColumns: string[];
  private readonly byField: Map<string, FieldCodec>;
  private readonly linesFields: Set<string>;
  /** Templates in V8's fast object layout (see `fastTemplate`): a decoded record's data, a written row. */
  private readonly dataShape: Record<string, unknown>;
  private readonly rowShape: Record<string, unknown>;
  private readonly rowColumns: string[];
  private insertText: string | undefined;

  constructor(
    readonly model: EntityModel,
    readonly dialect: Dialect,
  ) {
    this.codecs = [...model.fields.values()].map((fm) => fieldCodec(fm, dialect));
    this.byField = new Map(this.codecs.map((c) => [c.id, c]));
    this.dataColumns = this.codecs.flatMap((c) => c.columns);
    this.linesFields = new Set(model.lines.map((l) => l.field));
    this.dataShape = fastTemplate(this.codecs.map((c) => c.id));
    this.rowColumns = ['id', ...SYSTEM_COLUMNS, ...this.dataColumns];
    this.rowShape = fastTemplate(this.rowColumns);
  }

  /** `INSERT INTO <table> (<system columns>, <data columns>) VALUES (?, …)`: one string per entity (its hash kept by the statement cache). */
  get insertSql(): string {
    const columns = [...SYSTEM_COLUMNS, ...this.dataColumns];
    return (this.insertText ??= `INSERT INTO "${this.model.table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  }

  /** A row as read back (`id`, system columns, data columns) from the values of `insertSql`. */
  rowFrom(id: number, values: readonly unknown[]): Record<string, unknown> {
    const row = { ...this.rowShape };
    row.id = id;
    for (let i = 0; i < values.length; i++) row[this.rowColumns[i + 1]!] = values[i];
    return row;
  }

  /** Rejects keys that are neither stored fields nor lines fields (`allowId` for line items). */
  checkKeys(data: RecordData, path: string, allowId = false): void {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new StoreError('STORE_INVALID_VALUE', `${path} must be an object of field values.`, { field: path });
    }
    for (const key of Object.keys(data)) {
      if (this.byField.has(key) || this.linesFields.has(key) || (allowId && key === 'id')) continue;
      throw new StoreError('STORE_UNKNOWN_FIELD', `${path}.${key} is not a field of entity "${this.model.id}": remove it or add the field to the definition and publish.`, { entity: this.model.id, field: key });
    }
  }

  /** All data columns, in `dataColumns` order, appended to `out` (after columns the caller put first); absent fields are null. */
  encodeRow(data: RecordData, path: string, out: unknown[] = []): unknown[] {
    for (const codec of this.codecs) {
      const value = data[codec.id];
      // A field's path matters only in an error, so it is not built for every field of every row
      // (bulk inserts run this for forty fields of thousands of rows): encoding is pure, so a
      // failed field is encoded again with its path, which throws the error naming it.
      try {
        if (codec.encodeOne) out.push(codec.encodeOne(value, path));
        else for (const v of codec.encode(value, path)) out.push(v);
      } catch (err) {
        codec.encode(value, `${path}.${codec.id}`);
        throw err;
      }
    }
    return out;
  }

  /** Only the columns of the fields present in `data` (a patch). */
  encodePatch(data: RecordData, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      const codec = this.byField.get(key);
      if (!codec) continue;
      const values = codec.encode(value, `${path}.${key}`);
      codec.columns.forEach((c, i) => (out[c] = values[i]));
    }
    return out;
  }

  /** Field values of a row (lines not included: they live in other tables). */
  decodeData(row: Record<string, unknown>): RecordData {
    const data: RecordData = { ...this.dataShape };
    for (const codec of this.codecs) data[codec.id] = codec.decode(row);
    return data;
  }

  /** A whole envelope from a row; `lines` fills the lines fields (empty arrays when absent). */
  decodeEnvelope(row: Record<string, unknown>, lines?: Map<string, RecordData[]>): RecordEnvelope {
    const data = this.decodeData(row);
    for (const l of this.model.lines) data[l.field] = lines?.get(l.field) ?? [];
    return {
      id: Number(row.id),
      entity: this.model.id,
      version: Number(row._version),
      defVersion: Number(row._def_version),
      createdAt: String(row._created_at),
      updatedAt: String(row._updated_at),
      createdBy: (row._created_by as string | null) ?? null,
      updatedBy: (row._updated_by as string | null) ?? null,
      hold: decodeJson(row._hold) as RecordHold | null,
      data,
    };
  }
}

/** The system columns a record row carries after its id, in the order inserts write them. */
export const SYSTEM_COLUMNS = ['_version', '_def_version', '_created_at', '_updated_at', '_created_by', '_updated_by', '_hold'] as const;

/**
 * An object with these keys (all null) in V8's fast layout, to copy and fill: V8 turns an object
 * into a slow dictionary once more than about a dozen properties are added by computed key, and
 * a record has forty; JSON.parse builds fast objects whatever their size (see the engine's
 * record-shape.ts).
 */
function fastTemplate(keys: readonly string[]): Record<string, unknown> {
  return JSON.parse(`{${keys.map((k) => `${JSON.stringify(k)}:null`).join(',')}}`) as Record<string, unknown>;
}

/** Checks the who/when/which-version of a write, naming the bad part. */
export function checkMeta(meta: WriteMeta): WriteMeta {
  if (!meta || typeof meta !== 'object') {
    throw new StoreError('STORE_INVALID_ARGUMENT', 'A record write needs meta { actor, now, defVersion }.', { field: 'meta' });
  }
  if (meta.actor !== null && typeof meta.actor !== 'string') {
    throw new StoreError('STORE_INVALID_ARGUMENT', 'meta.actor must be the acting user id (a string) or null for the system.', { field: 'meta.actor' });
  }
  if (!Number.isSafeInteger(meta.defVersion) || meta.defVersion < 1) {
    throw new StoreError('STORE_INVALID_ARGUMENT', `meta.defVersion must be the published definition version (an integer ≥ 1); got ${JSON.stringify(meta.defVersion)}.`, { field: 'meta.defVersion' });
  }
  return { actor: meta.actor, now: normaliseInstant(meta.now, 'meta.now'), defVersion: meta.defVersion };
}

/** Checks a hold before it is stored. */
export function encodeHold(hold: RecordHold | null): string | null {
  if (hold === null) return null;
  if (typeof hold !== 'object' || typeof hold.reason !== 'object' || hold.reason === null || typeof hold.reason['zh-CN'] !== 'string' || typeof hold.by !== 'string') {
    throw new StoreError('STORE_INVALID_VALUE', 'hold must be { reason: { "zh-CN": "…", en?: "…" }, at: ISO instant, by: user id }, or null to release.', { field: 'hold' });
  }
  return encodeJson({ reason: hold.reason, at: normaliseInstant(hold.at, 'hold.at'), by: hold.by });
}
