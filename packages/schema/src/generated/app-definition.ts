/* Generated from schemas/ by `pnpm gen`. Do not edit: change the schema and regenerate. */

/**
 * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Id".
 */
export type Id = string;
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Field".
 */
export type Field =
  | TextField
  | LongTextField
  | IntegerField
  | DecimalField
  | MoneyField
  | BooleanField
  | DateField
  | DateTimeField
  | EnumField
  | MultiEnumField
  | PhoneField
  | EmailField
  | AddressField
  | ReferenceField
  | LinesField
  | ComputedField;
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "TextField".
 */
export type TextField = FieldBase & {
  type: 'text';
  default?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "LongTextField".
 */
export type LongTextField = FieldBase & {
  type: 'longtext';
  default?: string;
  maxLength?: number;
};
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "IntegerField".
 */
export type IntegerField = FieldBase & {
  type: 'integer';
  default?: number;
  min?: number;
  max?: number;
};
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "DecimalField".
 */
export type DecimalField = FieldBase & {
  type: 'decimal';
  default?: number;
  min?: number;
  max?: number;
  /**
   * Digits after the decimal point (default 2).
   */
  scale?: number;
};
/**
 * An amount of money in CNY, stored and exchanged as an integer number of fen (分): 12.34 yuan is 1234.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "MoneyField".
 */
export type MoneyField = FieldBase & {
  type: 'money';
  default?: number;
  min?: number;
  max?: number;
};
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "BooleanField".
 */
export type BooleanField = FieldBase & {
  type: 'boolean';
  default?: boolean;
};
/**
 * A calendar date, exchanged as YYYY-MM-DD.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "DateField".
 */
export type DateField = FieldBase & {
  type: 'date';
  default?: string;
};
/**
 * An instant, exchanged as an ISO 8601 string with a time zone, stored in UTC.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "DateTimeField".
 */
export type DateTimeField = FieldBase & {
  type: 'datetime';
  default?: string;
};
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "EnumField".
 */
export type EnumField = FieldBase & {
  type: 'enum';
  /**
   * @minItems 1
   */
  options: [EnumOption, ...EnumOption[]];
  default?: string;
};
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "MultiEnumField".
 */
export type MultiEnumField = FieldBase & {
  type: 'multienum';
  /**
   * @minItems 1
   */
  options: [EnumOption, ...EnumOption[]];
  default?: string[];
};
/**
 * A phone number as text; platforms may give it masked (138****1234) or as a virtual number.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "PhoneField".
 */
export type PhoneField = FieldBase & {
  type: 'phone';
  default?: string;
  pattern?: string;
};
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "EmailField".
 */
export type EmailField = FieldBase & {
  type: 'email';
  default?: string;
};
/**
 * A Chinese postal address: province, city, district, detail line, and optionally a zip code and the platform's address hash. Stored as one column per part (<id>_province, <id>_city, …).
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "AddressField".
 */
export type AddressField = FieldBase & {
  type: 'address';
};
/**
 * The id of a record of another entity.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "ReferenceField".
 */
export type ReferenceField = FieldBase & {
  type: 'reference';
  entity: Id;
};
/**
 * A child table: the lines of this record are records of another entity (e.g. an order's lines), stored in that entity's table with a parent_id column.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "LinesField".
 */
export type LinesField = FieldBase & {
  type: 'lines';
  entity: Id;
  minItems?: number;
  maxItems?: number;
};
/**
 * A value computed by a json-logic expression over the record each time it is written, and stored so that lists and BI tools can read it.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "ComputedField".
 */
export type ComputedField = FieldBase & {
  type: 'computed';
  expression: JsonLogic;
  resultType: 'text' | 'integer' | 'decimal' | 'money' | 'boolean' | 'date' | 'datetime';
};
/**
 * A json-logic expression (https://jsonlogic.com): an object with one operator key, an array, or a literal. {"var": "field_id"} reads a field of the record.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "JsonLogic".
 */
export type JsonLogic = {} | unknown[] | string | number | boolean | null;
/**
 * A json-logic expression (https://jsonlogic.com): an object with one operator key, an array, or a literal. {"var": "field_id"} reads a field of the record.
 */
export type JsonLogic1 = {} | unknown[] | string | number | boolean | null;
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Action".
 */
export type Action =
  | SetFieldAction
  | CreateRecordAction
  | RunTransitionAction
  | RaiseAlertAction
  | HoldAction
  | ReleaseAction
  | HttpRequestAction
  | NotifyAction
  | ReserveStockAction
  | ReleaseStockAction
  | CommitStockAction;
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Connector".
 */
export type Connector = {
  [k: string]: unknown | undefined;
} & {
  id: Id;
  kind: 'channel' | 'messenger' | 'wms' | 'carrier' | 'webhook';
  /**
   * The connector implementation, e.g. taobao, jd, pdd, wechat_channels, douyin, dingtalk, wecom, smtp.
   */
  platform: string;
  label: I18NText;
  /**
   * The tag shown on every record it brings in, e.g. 淘宝天猫店.
   */
  tag?: string;
  enabled?: boolean;
  /**
   * Platform settings (gateway URL, shop id, schedule…). Secrets are never stored here: they live encrypted in the server's credential store.
   */
  config?: {};
};
/**
 * A dashboard widget: metric, chart by dimension, or table.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "DashboardWidget".
 */
export type DashboardWidget = MetricWidget | ChartWidget | TableWidget;
/**
 * One figure, e.g. today's orders.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "MetricWidget".
 */
export type MetricWidget = WidgetBase & {
  type: 'metric';
  measure: WidgetMeasure;
  /**
   * How to show the figure; money is fen shown as yuan.
   */
  format?: 'number' | 'money' | 'duration';
};
/**
 * What a widget computes over the matching records: count, sum/avg/min/max of a numeric field, or the average time between two datetime fields (e.g. paid_at → shipped_at).
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "WidgetMeasure".
 */
export type WidgetMeasure = CountMeasure | AggregateMeasure | DurationMeasure;
/**
 * A figure per value of a dimension (an enum field or the workflow state), as a pie or bar chart.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "ChartWidget".
 */
export type ChartWidget = WidgetBase & {
  type: 'chart';
  /**
   * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
   */
  dimension: string;
  measure?: WidgetMeasure;
  /**
   * Default bar.
   */
  chart?: 'pie' | 'bar';
};
/**
 * The first records matching the conditions, e.g. the oldest orders awaiting review.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "TableWidget".
 */
export type TableWidget = WidgetBase & {
  type: 'table';
  /**
   * @minItems 1
   */
  columns: [Id, ...Id[]];
  sort?: {
    field: string;
    direction?: 'asc' | 'desc';
  };
  /**
   * Default 10.
   */
  limit?: number;
};

/**
 * A Statecraft app: its entities (record types and fields), workflows (state machines), rules, roles, connectors, dashboards and reports. Every id is stable; labels are never keys.
 */
export interface AppDefinition {
  $schema?: string;
  id: Id;
  name: I18NText;
  description?: I18NText;
  /**
   * The author's semantic version of this definition, e.g. 1.2.0.
   */
  version: string;
  roles: Role[];
  /**
   * @minItems 1
   */
  entities: [Entity, ...Entity[]];
  workflows: Workflow[];
  rules: Rule[];
  connectors: Connector[];
  dashboards: Dashboard[];
  reports: Report[];
}
/**
 * Text shown to people, in Simplified Chinese (required) and English.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "I18nText".
 */
export interface I18NText {
  'zh-CN': string;
  en?: string;
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Role".
 */
export interface Role {
  id: Id;
  label: I18NText;
  description?: I18NText;
  /**
   * A superuser may do everything, including administering users and publishing definitions.
   */
  superuser?: boolean;
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Entity".
 */
export interface Entity {
  id: Id;
  label: I18NText;
  description?: I18NText;
  /**
   * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
   */
  titleField?: string;
  /**
   * @minItems 1
   */
  fields: [Field, ...Field[]];
  indexes?: Index[];
  list?: ListLayout;
  form?: FormLayout;
  permissions?: EntityPermissions;
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "FieldBase".
 */
export interface FieldBase {
  id: Id;
  type: string;
  label: I18NText;
  description?: I18NText;
  required?: boolean;
  /**
   * Shown but not editable in forms; set by actions, intake or computation.
   */
  readOnly?: boolean;
  /**
   * Create a database index on this field.
   */
  indexed?: boolean;
  unique?: boolean;
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "EnumOption".
 */
export interface EnumOption {
  value: Id;
  label: I18NText;
  color?: string;
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Index".
 */
export interface Index {
  id: Id;
  /**
   * The indexed columns in order: a field id (an address field stands for all its parts) or one part of an address field, e.g. ["ship_to.district", "ordered_at"].
   *
   * @minItems 1
   */
  fields: [string, ...string[]];
  unique?: boolean;
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "ListLayout".
 */
export interface ListLayout {
  columns?: Id[];
  /**
   * Fields matched by the list's search box (prefix match).
   */
  searchFields?: Id[];
  defaultSort?: {
    field: string;
    direction?: 'asc' | 'desc';
  };
  views?: ListView[];
}
/**
 * A saved view shipped with the definition: a named set of filters (and a sort) every user sees above the list, e.g. 待审核.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "ListView".
 */
export interface ListView {
  id: Id;
  label: I18NText;
  /**
   * Roles that see this view; missing means every role.
   */
  roles?: Id[];
  filters: RecordCondition[];
  sort?: {
    field: string;
    direction?: 'asc' | 'desc';
  };
}
/**
 * One condition on records, as the list API takes it (filter[field][op]=value): a field id, an address part (ship_to.province), the workflow state field, or a record property (id, createdAt, updatedAt, hold).
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "RecordCondition".
 */
export interface RecordCondition {
  field: string;
  op: 'eq' | 'ne' | 'in' | 'prefix' | 'contains' | 'gt' | 'gte' | 'lt' | 'lte' | 'isNull';
  /**
   * A value of the field's type (money in fen); an array for in; true or false for isNull.
   */
  value?: {
    [k: string]: unknown | undefined;
  };
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "FormLayout".
 */
export interface FormLayout {
  sections: {
    id: Id;
    label: I18NText;
    columns?: 1 | 2;
    fields: Id[];
  }[];
}
/**
 * Role ids allowed to read, create, update and delete records (a missing list means every role) and to release holds (a missing list means superusers only); superusers are always allowed.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "EntityPermissions".
 */
export interface EntityPermissions {
  read?: Id[];
  create?: Id[];
  update?: Id[];
  delete?: Id[];
  /**
   * Role ids allowed to release a record's hold (暂停发货) by hand. Unlike the other lists, a missing list means superusers only: a hold exists to stop people.
   */
  release?: Id[];
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Workflow".
 */
export interface Workflow {
  id: Id;
  label: I18NText;
  description?: I18NText;
  /**
   * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
   */
  entity: string;
  /**
   * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
   */
  stateField: string;
  /**
   * How many automatic transitions may chain after one event before the engine stops with an error (default 20).
   */
  maxAutomaticSteps?: number;
  /**
   * @minItems 1
   */
  states: [State, ...State[]];
  transitions: Transition[];
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "State".
 */
export interface State {
  id: Id;
  label: I18NText;
  description?: I18NText;
  kind: 'initial' | 'normal' | 'final';
  color?: string;
  position?: Position;
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Position".
 */
export interface Position {
  x: number;
  y: number;
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Transition".
 */
export interface Transition {
  id: Id;
  /**
   * The states this transition may leave.
   *
   * @minItems 1
   */
  from: [Id, ...Id[]];
  to: Id;
  label: I18NText;
  description?: I18NText;
  /**
   * manual: a person (or API caller) fires it; automatic: fires by itself as soon as the record is in a from-state and the guard holds; event: fired by the system on a named event (e.g. a channel's payment notice).
   */
  trigger: 'manual' | 'automatic' | 'event';
  /**
   * With trigger=event: the event name that fires it.
   */
  event?: string;
  guard?: JsonLogic1;
  /**
   * Roles allowed to fire it by hand. Missing means every role; superusers always may.
   */
  roles?: Id[];
  actions?: Action[];
  confirm?: I18NText1;
  /**
   * A record on hold (暂停发货) may not take this transition until the hold is released, e.g. shipping transitions.
   */
  blockedByHold?: boolean;
}
/**
 * Set a field of the record to the value of a json-logic expression evaluated over the record (a literal is an expression too).
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "SetFieldAction".
 */
export interface SetFieldAction {
  type: 'set_field';
  field: Id;
  value: JsonLogic;
}
/**
 * Create a record of an entity, each value a json-logic expression over the triggering record. Runs in the same transaction.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "CreateRecordAction".
 */
export interface CreateRecordAction {
  type: 'create_record';
  entity: Id;
  values: {
    [k: string]: JsonLogic;
  };
}
/**
 * After this step, fire another transition of the same record if it is allowed then (its guard holds).
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "RunTransitionAction".
 */
export interface RunTransitionAction {
  type: 'run_transition';
  transition: Id;
}
/**
 * Raise an alert on the record. The message may use {{field_id}} placeholders.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "RaiseAlertAction".
 */
export interface RaiseAlertAction {
  type: 'raise_alert';
  code: Id;
  severity: 'info' | 'warning' | 'critical';
  message: I18NText;
}
/**
 * Put the record on hold (暂停发货): transitions marked blockedByHold are refused until someone allowed releases it.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "HoldAction".
 */
export interface HoldAction {
  type: 'hold';
  reason: I18NText;
}
/**
 * Release the record's hold.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "ReleaseAction".
 */
export interface ReleaseAction {
  type: 'release';
}
/**
 * Send an HTTP request through the outbox after the change commits, delivered at least once with an idempotency key header.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "HttpRequestAction".
 */
export interface HttpRequestAction {
  type: 'http_request';
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET';
  url: string;
  headers?: {
    [k: string]: string | undefined;
  };
  /**
   * The JSON body: each property's value is a json-logic expression evaluated over the record when the change is decided, e.g. {"order_no": {"var": "order_no"}, "lines": {"var": "lines"}}.
   */
  body?: {
    [k: string]: JsonLogic;
  };
}
/**
 * Send a message through a messenger connector (DingTalk, WeCom, e-mail) or the in-app inbox, through the outbox. The message may use {{field_id}} placeholders.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "NotifyAction".
 */
export interface NotifyAction {
  type: 'notify';
  /**
   * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
   */
  connector: string;
  title?: I18NText;
  message: I18NText;
  mentionRoles?: Id[];
}
/**
 * Reserve (预占) the stock of every line of the record in the central stock pool, in the same database transaction as the transition, all lines or none. Reserving twice is a no-op (reservations are keyed by line). When a line is short, nothing is reserved and the server fires shortEvent on the record (onShort = event), or refuses the whole command with STOCK_SHORT (onShort = refuse).
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "ReserveStockAction".
 */
export interface ReserveStockAction {
  type: 'reserve_stock';
  /**
   * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
   */
  lines: string;
  /**
   * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
   */
  sku?: string;
  /**
   * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
   */
  qty?: string;
  /**
   * The warehouse whose stock is reserved (default main).
   */
  warehouse?: string;
  /**
   * The event fired on the record when stock is short (default stock.short); an event transition should take the record to an out-of-stock state.
   */
  shortEvent?: string;
  /**
   * event: fire shortEvent in the same transaction; refuse: refuse the command (e.g. a restock that is still short) so nothing changes.
   */
  onShort?: 'event' | 'refuse';
  /**
   * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
   */
  presaleField?: string;
  /**
   * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
   */
  shipDateField?: string;
}
/**
 * Release the record's active stock reservations (an order cancelled by a person or by the channel), in the same transaction. Idempotent: a record without active reservations is left alone.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "ReleaseStockAction".
 */
export interface ReleaseStockAction {
  type: 'release_stock';
}
/**
 * Commit the record's active stock reservations when the goods leave the warehouse (shipping): on hand and reserved both drop by the reserved quantities, in the same transaction. Idempotent.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "CommitStockAction".
 */
export interface CommitStockAction {
  type: 'commit_stock';
}
/**
 * Text shown to people, in Simplified Chinese (required) and English.
 */
export interface I18NText1 {
  'zh-CN': string;
  en?: string;
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Rule".
 */
export interface Rule {
  id: Id;
  label: I18NText;
  description?: I18NText;
  entity: Id;
  on: {
    event: 'created' | 'updated' | 'transition';
    /**
     * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
     */
    transition?: string;
    /**
     * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
     */
    state?: string;
  };
  condition: JsonLogic;
  severity: 'info' | 'warning' | 'critical';
  enabled?: boolean;
  actions: Action[];
}
/**
 * A live dashboard of widgets computed by the server from indexed aggregate queries.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Dashboard".
 */
export interface Dashboard {
  id: Id;
  label: I18NText;
  description?: I18NText;
  /**
   * Roles that see this dashboard; missing means every role.
   */
  roles?: Id[];
  /**
   * IANA time zone for "today" (default Asia/Shanghai).
   */
  timezone?: string;
  widgets: DashboardWidget[];
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "WidgetBase".
 */
export interface WidgetBase {
  id: Id;
  type: string;
  label: I18NText;
  description?: I18NText;
  /**
   * A stable identifier: lower-case letters, digits and underscores, starting with a letter, at most 48 characters. Used as a database column or table name, so it never changes when the label does.
   */
  entity: string;
  /**
   * Conditions the records must all meet.
   */
  where?: RecordCondition[];
  window?: WidgetWindow;
  /**
   * Width on a PC grid: small = 1 of 4 columns, medium = 2, large = 4. Phones show one column.
   */
  size?: 'small' | 'medium' | 'large';
}
/**
 * Only records whose datetime field falls in a window ending now: today (from midnight in the dashboard's time zone), or the last 24 hours, 7 or 30 days.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "WidgetWindow".
 */
export interface WidgetWindow {
  field: Id;
  since: 'today' | '24h' | '7d' | '30d';
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "CountMeasure".
 */
export interface CountMeasure {
  fn: 'count';
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "AggregateMeasure".
 */
export interface AggregateMeasure {
  fn: 'sum' | 'avg' | 'min' | 'max';
  field: Id;
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "DurationMeasure".
 */
export interface DurationMeasure {
  fn: 'avgDuration';
  from: Id;
  to: Id;
  /**
   * Default hours.
   */
  unit?: 'minutes' | 'hours' | 'days';
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Report".
 */
export interface Report {
  id: Id;
  label: I18NText;
}
/**
 * How a marketplace shop's orders are pulled (kind "channel"). The app key, secret and seller token are not here: they are stored encrypted by the server (PUT /api/apps/{app}/connectors/{id}/credentials), never returned by the API and never exported with the definition.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "ChannelConnectorConfig".
 */
export interface ChannelConnectorConfig {
  /**
   * The platform's API URL, e.g. https://eco.taobao.com/router/rest, or a sandbox's.
   */
  gateway: string;
  /**
   * The shop's name on the platform, e.g. 栖木家居天猫旗舰店.
   */
  shopName?: string;
  /**
   * The code of the shop record its orders are linked to (shop.code), e.g. TM001.
   */
  shopCode?: string;
  /**
   * The order.channel value written on its orders (default per platform: taobao, jd, pdd, wechat, douyin).
   */
  channel?: string;
  /**
   * The gateway is a Statecraft sandbox (demo or test shop), shown as such in the API.
   */
  sandbox?: boolean;
  schedule?: {
    /**
     * Pull every N minutes (default 10).
     */
    everyMinutes?: number;
  };
  /**
   * A window whose calls failed is retried after afterMinutes, at most maxAttempts times; then it is dead-lettered for a person to retry.
   */
  retry?: {
    afterMinutes?: number;
    maxAttempts?: number;
  };
  window?: {
    /**
     * Longest window per query (capped by the platform's limit).
     */
    minutes?: number;
    /**
     * Each pull starts this much before the last one ended.
     */
    overlapMinutes?: number;
    /**
     * Stay this far behind the platform clock (default per platform, ≥ 3 for PDD).
     */
    lagMinutes?: number;
    /**
     * How far back the first pull starts.
     */
    initialLookbackHours?: number;
  };
  pageSize?: number;
  /**
   * TOP and Douyin only.
   */
  signMethod?: 'md5' | 'hmac' | 'hmac-sha256';
  mapping?: ChannelMapping;
}
/**
 * Overrides of the platform mapping.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "ChannelMapping".
 */
export interface ChannelMapping {
  /**
   * Platform status → channel state, e.g. {"PAID_FORBID_CONSIGN": "pending_payment"}.
   */
  status?: {
    [k: string]: ('pending_payment' | 'paid' | 'shipped' | 'signed' | 'cancelled') | undefined;
  };
  /**
   * Order number prefix (default TB, JD, PDD, WX, DY).
   */
  orderNoPrefix?: string;
}
/**
 * Orders pushed by the seller's own mini program backend: POST /api/apps/{app}/intake/{connector}/webhook, signed with HMAC-SHA256 over `timestamp + "\n" + body` (X-Statecraft-Timestamp, X-Statecraft-Signature). The secret lives in the credential store.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "OrderWebhookConfig".
 */
export interface OrderWebhookConfig {
  /**
   * order.channel of its orders (default wechat).
   */
  channel?: string;
  shopCode?: string;
  /**
   * Default MP.
   */
  orderNoPrefix?: string;
  /**
   * How old a signed timestamp may be.
   */
  toleranceSeconds?: number;
}
