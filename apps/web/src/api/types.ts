import type { I18NText, RecordEnvelope } from '@statecraft/schema';

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
