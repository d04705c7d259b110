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
  | NotifyAction;

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
   * @minItems 1
   */
  fields: [Id, ...Id[]];
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
 * Role ids allowed to read, create, update and delete records. A missing list means every role; superusers are always allowed.
 *
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "EntityPermissions".
 */
export interface EntityPermissions {
  read?: Id[];
  create?: Id[];
  update?: Id[];
  delete?: Id[];
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
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Connector".
 */
export interface Connector {
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
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Dashboard".
 */
export interface Dashboard {
  id: Id;
  label: I18NText;
  roles?: Id[];
  widgets: {
    id: Id;
    type: 'metric' | 'chart' | 'table';
    label: I18NText;
  }[];
}
/**
 * This interface was referenced by `AppDefinition`'s JSON-Schema
 * via the `definition` "Report".
 */
export interface Report {
  id: Id;
  label: I18NText;
}
