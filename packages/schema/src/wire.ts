/**
 * Shapes the server sends that the store, the connectors and the web app all speak: one
 * declaration each, so the three cannot drift apart.
 */

/** Stock of one SKU in one warehouse. available = on hand − reserved − safety stock (never below 0). */
export interface StockLevel {
  sku: string;
  warehouse: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  presale: { enabled: boolean; cap: number; shipDate: string | null };
  updatedAt: string;
}

/** Counts of one intake run, window or import: what came from the platform and what became of it. */
export interface IntakeCounts {
  fetched: number;
  new: number;
  updated: number;
  skipped: number;
  failed: number;
}

/** A window whose pull failed: retried per the policy, then `dead` until a person retries it. */
export interface FailedWindow {
  id: number;
  connectorId: string;
  start: string;
  end: string;
  attempts: number;
  status: 'retry' | 'dead' | 'done';
  nextAttemptAt: string | null;
  lastError: string;
  updatedAt: string;
}

export type ReservationStatus = 'active' | 'released' | 'committed';

/** A reservation (预占) of one order line. */
export interface Reservation {
  id: number;
  entity: string;
  recordId: number;
  lineKey: string;
  sku: string;
  warehouse: string;
  qty: number;
  status: ReservationStatus;
  presale: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One change of a SKU's on-hand count (库存流水). */
export interface StockMovement {
  id: number;
  sku: string;
  warehouse: string;
  kind: 'adjust' | 'wms_sync' | 'ship' | 'settings';
  delta: number;
  onHandAfter: number;
  reason: string | null;
  actor: string | null;
  ref: string | null;
  at: string;
}

/** One entry of a connector's sync log. */
export interface IntakeRun {
  id?: number;
  connectorId: string;
  startedAt: string;
  finishedAt: string | null;
  /** The span of platform modified times this run covered (null when nothing was due). */
  windowStart: string | null;
  windowEnd: string | null;
  counts: IntakeCounts;
  calls: number;
  /** What went wrong: failed calls (with the window) and orders the workflow refused. */
  errors: { window?: { start: string; end: string }; sourceOrderId?: string; code: string; message: string }[];
  status: 'ok' | 'partial' | 'failed';
}

/** One run of the WMS stock sync: a warehouse snapshot applied to the stock pool. */
export interface WmsSyncRun {
  id: number;
  warehouse: string;
  status: 'running' | 'ok' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  skusSeen: number;
  skusChanged: number;
  /** Σ |warehouse − ours| over the SKUs that differed. */
  driftUnits: number;
  drift: { sku: string; before: number | null; after: number }[];
  error: string | null;
}
