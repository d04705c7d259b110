import type { HttpRequestAction, I18NText, RaiseAlertAction } from '@statecraft/schema';
import type { RecordData } from '../record.ts';

/** What produced an effect: a transition's actions or a rule's actions. */
export interface EffectSource {
  kind: 'transition' | 'rule';
  id: string;
}

export interface CreateRecordEffect {
  type: 'create_record';
  entity: string;
  /** The evaluated values (field id → value). */
  values: RecordData;
  source: EffectSource;
}

export interface RaiseAlertEffect {
  type: 'raise_alert';
  code: string;
  severity: RaiseAlertAction['severity'];
  /** The message with its {{field}} placeholders filled, in every language it has. */
  message: I18NText;
  source: EffectSource;
}

export interface HoldEffect {
  type: 'hold';
  reason: I18NText;
  source: EffectSource;
}

export interface ReleaseEffect {
  type: 'release';
  source: EffectSource;
}

export interface HttpRequestEffect {
  type: 'http_request';
  method: HttpRequestAction['method'];
  url: string;
  headers: Record<string, string>;
  /** The evaluated body (undefined when the action has none). */
  body: unknown;
  source: EffectSource;
}

export interface NotifyEffect {
  type: 'notify';
  /** A messenger connector id, or 'inbox'. */
  connector: string;
  title?: I18NText;
  message: I18NText;
  mentionRoles: string[];
  source: EffectSource;
}

/** One line to reserve: `key` identifies the line (its id once stored, else `#<position>`). */
export interface StockLineRequest {
  key: string;
  sku: string;
  qty: number;
}

export interface ReserveStockEffect {
  type: 'reserve_stock';
  warehouse: string;
  /** The record's lines as they are when the action runs. */
  lines: StockLineRequest[];
  /** The event the server fires on the record when a line is short. */
  shortEvent: string;
  /** event: fire shortEvent in the same transaction; refuse: refuse the whole command. */
  onShort: 'event' | 'refuse';
  /** Boolean field to set when a line is reserved against a presale cap, and date field for its ship date. */
  presaleField: string | null;
  shipDateField: string | null;
  source: EffectSource;
}

export interface ReleaseStockEffect {
  type: 'release_stock';
  source: EffectSource;
}

export interface CommitStockEffect {
  type: 'commit_stock';
  source: EffectSource;
}

/**
 * What a decision asks the server to do inside the same database transaction (alerts, holds,
 * created records) or through the outbox after it commits (HTTP requests, notifications).
 */
export type Effect =
  | CreateRecordEffect
  | RaiseAlertEffect
  | HoldEffect
  | ReleaseEffect
  | HttpRequestEffect
  | NotifyEffect
  | ReserveStockEffect
  | ReleaseStockEffect
  | CommitStockEffect;

/** An effect as an action emits it; the decision adds where it came from. */
export type EmittedEffect = Effect extends infer E ? (E extends Effect ? Omit<E, 'source'> : never) : never;
