import type { I18NText } from '@statecraft/schema';
import type { Db } from './db.ts';
import { decodeJson } from './json-column.ts';
import { StoreError } from './store-error.ts';
import { knexOf, type TxLike } from './tx-like.ts';
import { normaliseInstant } from './value-codec.ts';

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'open' | 'acknowledged';

/** An alert a rule raised on a record (重复下单, 地址相似, 库存不足 …). */
export interface Alert {
  id: number;
  entity: string;
  recordId: number | null;
  ruleId: string | null;
  code: string;
  severity: AlertSeverity;
  message: I18NText;
  status: AlertStatus;
  createdAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
}

export interface NewAlert {
  entity: string;
  recordId: number | null;
  ruleId?: string | null;
  code: string;
  severity: AlertSeverity;
  message: I18NText;
  now: string;
}

const SEVERITIES: AlertSeverity[] = ['info', 'warning', 'critical'];

function toAlert(row: Record<string, unknown>): Alert {
  return {
    id: Number(row.id),
    entity: row.entity as string,
    recordId: row.record_id === null || row.record_id === undefined ? null : Number(row.record_id),
    ruleId: (row.rule_id as string | null) ?? null,
    code: row.code as string,
    severity: row.severity as AlertSeverity,
    message: decodeJson(row.message) as I18NText,
    status: row.status as AlertStatus,
    createdAt: String(row.created_at),
    acknowledgedBy: (row.acknowledged_by as string | null) ?? null,
    acknowledgedAt: (row.acknowledged_at as string | null) ?? null,
  };
}

/** Alerts (sc_alert): raised in the command's transaction, acknowledged by a person. */
export class AlertRepository {
  constructor(private readonly db: Db) {}

  /**
   * Raises an alert in the given transaction.
   *
   * @example await store.alerts.create(tx, { entity: 'order', recordId: 7, ruleId: 'repeat_buyer', code: 'repeat_buyer', severity: 'warning', message: { 'zh-CN': '同一买家重复下单' }, now })
   */
  async create(tx: TxLike, alert: NewAlert): Promise<Alert> {
    if (!alert || typeof alert.entity !== 'string' || alert.entity === '') throw new StoreError('STORE_INVALID_ARGUMENT', 'An alert needs "entity".', { field: 'entity' });
    if (typeof alert.code !== 'string' || alert.code === '') throw new StoreError('STORE_INVALID_ARGUMENT', 'An alert needs a "code" to group and filter by.', { field: 'code' });
    if (!SEVERITIES.includes(alert.severity)) throw new StoreError('STORE_INVALID_VALUE', `An alert's severity must be one of ${SEVERITIES.join(', ')}.`, { field: 'severity' });
    if (!alert.message || typeof alert.message['zh-CN'] !== 'string') throw new StoreError('STORE_INVALID_VALUE', 'An alert message needs at least { "zh-CN": "…" }.', { field: 'message' });
    const [row] = await knexOf(tx)('sc_alert')
      .insert({
        entity: alert.entity,
        record_id: alert.recordId ?? null,
        rule_id: alert.ruleId ?? null,
        code: alert.code,
        severity: alert.severity,
        message: JSON.stringify(alert.message),
        status: 'open',
        created_at: normaliseInstant(alert.now, 'now'),
      })
      .returning('*');
    return toAlert(row);
  }

  /**
   * Alerts, newest first.
   *
   * @example await store.alerts.list({ status: 'open', limit: 20 })
   */
  async list(
    options: { status?: AlertStatus; severity?: AlertSeverity; ruleId?: string; code?: string; entity?: string; recordId?: number; limit?: number; beforeId?: number } = {},
  ): Promise<Alert[]> {
    const qb = this.db('sc_alert').orderBy('id', 'desc').limit(Math.min(Math.max(options.limit ?? 100, 1), 1000));
    if (options.status) qb.where({ status: options.status });
    if (options.severity) qb.where({ severity: options.severity });
    if (options.ruleId) qb.where({ rule_id: options.ruleId });
    if (options.code) qb.where({ code: options.code });
    if (options.entity) qb.where({ entity: options.entity });
    if (options.recordId !== undefined) qb.where({ record_id: options.recordId });
    if (options.beforeId !== undefined) qb.where('id', '<', options.beforeId);
    return (await qb).map(toAlert);
  }

  /**
   * Alerts raised after `afterId`, oldest first: what a live feed has not pushed yet.
   *
   * @example await store.alerts.since(41, 100) // alerts 42, 43, …
   */
  async since(afterId: number, limit = 100): Promise<Alert[]> {
    const rows = await this.db('sc_alert').where('id', '>', afterId).orderBy('id').limit(Math.min(Math.max(limit, 1), 1000));
    return rows.map(toAlert);
  }

  /** One alert, or null. */
  async get(id: number, tx?: TxLike): Promise<Alert | null> {
    const row = await (tx ? knexOf(tx) : this.db)('sc_alert').where({ id }).first();
    return row ? toAlert(row) : null;
  }

  /** Acknowledges an alert; acknowledging twice keeps the first acknowledgement. */
  async acknowledge(id: number, by: { by: string; now: string }, tx?: TxLike): Promise<Alert> {
    const db = tx ? knexOf(tx) : this.db;
    await db('sc_alert').where({ id, status: 'open' }).update({ status: 'acknowledged', acknowledged_by: by.by, acknowledged_at: normaliseInstant(by.now, 'now') });
    const row = await db('sc_alert').where({ id }).first();
    if (!row) throw new StoreError('STORE_NOT_FOUND', `There is no alert ${id}.`, { id });
    return toAlert(row);
  }
}
