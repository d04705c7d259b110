// The record shapes are shared by the engine, the store and the server: one definition, in the schema package.
export type { RecordData, RecordHold, RecordEnvelope } from '@statecraft/schema';
