import type { FailedWindow, I18NText, IntakeCounts, IntakeRun as WireIntakeRun, RecordEnvelope, Reservation, StockLevel, StockMovement, WmsSyncRun } from '@statecraft/schema';

// The record as the API sends it: one definition, shared with the engine, store and server.
export type { RecordEnvelope };

export interface RecordPage {
  items: RecordEnvelope[];
  next: string | null;
}

export interface CurrentUser {
  username: string;
  displayName: string;
  roles: string[];
  via: string;
  superuser: boolean;
}

export interface TransitionOption {
  id: string;
  label: I18NText;
  to: string;
  trigger: string;
  confirm?: I18NText;
  allowed: boolean;
  reason?: 'role' | 'hold' | 'guard';
  code?: string;
}

export interface TimelineEntry {
  id: number;
  action: string;
  transition: string | null;
  actor: string | null;
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  details?: unknown;
}

export interface AlertItem {
  id: number;
  entity: string;
  recordId: number | null;
  ruleId: string | null;
  code: string;
  severity: 'info' | 'warning' | 'critical';
  message: I18NText;
  status: 'open' | 'acknowledged';
  createdAt: string;
}

export interface BulkResult {
  succeeded: number;
  failed: number;
  results: { id: number; ok: boolean; record?: RecordEnvelope; error?: { code: string; message: string; hint?: string } }[];
}

/** One filter condition as the list API takes it: filter[field][op]=value. */
export interface Condition {
  field: string;
  op: 'eq' | 'ne' | 'in' | 'prefix' | 'contains' | 'gt' | 'gte' | 'lt' | 'lte' | 'isNull';
  value?: unknown;
}

export interface SavedView {
  id: number;
  entity: string;
  name: string;
  filters: Condition[];
  sort: { field: string; direction: 'asc' | 'desc' } | null;
}

/** A computed widget as the dashboard endpoint answers it. */
export type WidgetData =
  | { id: string; type: 'metric'; value: number | null }
  | { id: string; type: 'chart'; buckets: { key: string | null; value: number | null }[] }
  | { id: string; type: 'table'; items: RecordEnvelope[] };

export interface DashboardData {
  dashboard: string;
  computedAt: string;
  tookMs: number;
  widgets: WidgetData[];
}

/** Stock of one SKU in one warehouse (GET /api/apps/:app/stock). */
export type { StockLevel };

export interface StockPage {
  items: StockLevel[];
  next: string | null;
  permissions: { manage: boolean };
}

/** A SKU records are short of: how many records wait and how many units they need. */
export interface ShortageSummary {
  sku: string;
  warehouse: string;
  records: number;
  requested: number;
}

/** A reservation (预占) of one record's line. */
export type { Reservation };

export interface SkuHolders {
  reservations: Reservation[];
  shortages: { entity: string; recordId: number; requested: number; available: number; at: string }[];
}

export type { StockMovement };

export interface RetryReport {
  tried: number;
  reserved: number[];
  stillShort: number[];
  skipped: number[];
}

export interface Reconciliation {
  ok: boolean;
  checked: number;
  mismatches: Record<string, unknown>[];
  overReserved: Record<string, unknown>[];
  orphans: Record<string, unknown>[];
}

export type { WmsSyncRun };

/** Counts of one intake run or import. */
export type { IntakeCounts };

/** One run of a channel connector (its sync log), as stored: it has its id. */
export type IntakeRun = WireIntakeRun & { id: number };

/** A window of a connector that failed (retry: waiting; dead: waiting for a person). */
export type IntakeFailure = FailedWindow;

/** An intake connector as GET /api/apps/:app/intake/connectors answers it. */
export interface IntakeConnector {
  id: string;
  kind: 'channel' | 'webhook';
  platform: string;
  label: I18NText;
  tag: string | null;
  enabled: boolean;
  sandbox: boolean;
  everyMinutes?: number;
  nextRunAt?: string | null;
  lastRun?: IntakeRun | null;
  deadWindows?: number;
  credentials: { stored: boolean; demo?: boolean };
}

export interface IntakeConnectors {
  items: IntakeConnector[];
  permissions: { run: boolean };
}
