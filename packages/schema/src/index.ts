export type * from './generated/app-definition.ts';
export { validateShape, registeredTypes, createAjv, appDefinitionSchema, APP_SCHEMA_ID } from './validate-shape.ts';
export { type Problem, pointer, pointerSegment, formatProblems } from './problem.ts';
export { fieldColumns, isStoredField, ADDRESS_PARTS, type ColumnKind, type FieldColumn } from './columns.ts';
export type { RecordData, RecordHold, RecordEnvelope } from './record.ts';
export type { StockLevel, StockMovement, Reservation, ReservationStatus, IntakeCounts, IntakeRun, FailedWindow, WmsSyncRun } from './wire.ts';
