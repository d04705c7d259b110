import type { I18NText } from '@statecraft/schema';

/** Field id → value, in the forms listed in docs/architecture.md (money in fen, dates as strings…). */
export type RecordData = Record<string, unknown>;

/** A hold (暂停发货) on a record: transitions marked blockedByHold wait until it is released. */
export interface RecordHold {
  reason: I18NText;
  at: string;
  by: string;
}

/** A record as the engine, the store and the API exchange it (docs/architecture.md, Records). */
export interface RecordEnvelope {
  id: number;
  entity: string;
  version: number;
  defVersion: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  hold: RecordHold | null;
  data: RecordData;
}

/** Who writes, when, and under which published definition version. */
export interface WriteMeta {
  actor: string | null;
  /** ISO 8601 instant; the store never reads the clock for record writes. */
  now: string;
  defVersion: number;
}
