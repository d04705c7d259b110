
// The record shapes are shared by the engine, the store and the server: one definition, in the schema package.
export type { RecordData, RecordHold, RecordEnvelope } from '@statecraft/schema';

/** Who writes, when, and under which published definition version. */
export interface WriteMeta {
  actor: string | null;
  /** ISO 8601 instant; the store never reads the clock for record writes. */
  now: string;
  defVersion: number;
}
