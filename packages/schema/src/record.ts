import type { I18NText } from './generated/app-definition.ts';

/** A record's values: field id → value (the workflow's state field included). */
export type RecordData = Record<string, unknown>;

/** Why, when and by whom a record was put on hold (暂停发货). */
export interface RecordHold {
  reason: I18NText;
  at: string;
  by: string;
}

/** A record as the engine, the store and the API exchange it (docs/architecture.md). */
export interface RecordEnvelope {
  /** Assigned by the store. */
  id: number;
  entity: string;
  /** Optimistic concurrency: 1 on create, +1 on every write. */
  version: number;
  /** The published definition version the record runs under. */
  defVersion: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  hold: RecordHold | null;
  data: RecordData;
}
