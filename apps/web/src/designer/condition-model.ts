import type { Field } from '@statecraft/schema';

/**
 * The visual condition builder's model and its round trip to json-logic. A condition is a tree
 * of AND/OR groups whose leaves compare one field with a value. Anything the builder cannot show
 * (an operator it does not know, a fact, arithmetic) stays as a `raw` leaf holding the original
 * json-logic, so switching between the builder and the JSON view never loses anything.
 */
export type ConditionNode = ConditionGroup | ConditionRule | ConditionRaw;
export interface ConditionGroup {
  kind: 'group';
  op: 'and' | 'or';
  items: ConditionNode[];
}
export interface ConditionRule {
  kind: 'rule';
  field: string;
  op: RuleOp;
  value?: unknown;
}
export interface ConditionRaw {
  kind: 'raw';
  logic: unknown;
}

export type RuleOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'empty' | 'notEmpty' | 'in' | 'contains';

const COMPARE = new Set(['==', '!=', '>', '>=', '<', '<=']);
const ORDERED_TYPES = new Set(['integer', 'decimal', 'money', 'date', 'datetime', 'computed']);
const TEXT_TYPES = new Set(['text', 'longtext', 'phone', 'email']);

/**
 * The operators the builder offers for a field, by its type: every field may be compared for
 * (in)equality and emptiness; numbers, money and dates are ordered; text may contain a part;
 * enums may be one of several options.
 *
 * @example operatorsFor({ type: 'money', … }) // ['==', '!=', '>', '>=', '<', '<=', 'empty', 'notEmpty']
 */
export function operatorsFor(field: Pick<Field, 'type'> | undefined): RuleOp[] {
  const type = field?.type;
  if (type === 'boolean') return ['==', '!=', 'empty', 'notEmpty'];
  if (type && ORDERED_TYPES.has(type)) return ['==', '!=', '>', '>=', '<', '<=', 'empty', 'notEmpty'];
  if (type === 'enum') return ['==', '!=', 'in', 'empty', 'notEmpty'];
  if (type && TEXT_TYPES.has(type)) return ['==', '!=', 'contains', 'empty', 'notEmpty'];
  return ['==', '!=', 'empty', 'notEmpty'];
}

/** Whether an operator takes a value. */
export const takesValue = (op: RuleOp) => op !== 'empty' && op !== 'notEmpty';

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** `{"var": "x"}` (or `{"var": ["x"]}`) → "x"; anything else → undefined. */
function varName(v: unknown): string | undefined {
  if (!isObj(v) || Object.keys(v).length !== 1 || !('var' in v)) return undefined;
  const arg = Array.isArray(v.var) ? v.var[0] : v.var;
  return typeof arg === 'string' && arg !== '' ? arg : undefined;
}

/** A json-logic value literal the builder can show (no expressions). */
const isLiteral = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x)));

function single(op: string, logic: Record<string, unknown>): unknown[] | undefined {
  if (Object.keys(logic).length !== 1) return undefined;
  const args = logic[op];
  return Array.isArray(args) ? args : [args];
}

function parseRule(logic: unknown): ConditionRule | undefined {
  if (!isObj(logic) || Object.keys(logic).length !== 1) return undefined;
  const op = Object.keys(logic)[0]!;
  const args = single(op, logic)!;
  if (COMPARE.has(op) && args.length === 2) {
    const field = varName(args[0]);
    if (field && isLiteral(args[1]) && !Array.isArray(args[1])) return { kind: 'rule', field, op: op as RuleOp, value: args[1] };
  }
  if (op === 'missing' && args.length === 1 && typeof args[0] === 'string') return { kind: 'rule', field: args[0], op: 'empty' };
  if (op === 'missing' && Array.isArray(logic.missing) && logic.missing.length === 1 && Array.isArray(logic.missing[0]) && logic.missing[0].length === 1 && typeof logic.missing[0][0] === 'string') {
    return { kind: 'rule', field: logic.missing[0][0], op: 'empty' };
  }
  if (op === '!' && args.length === 1) {
    const inner = parseRule(args[0]);
    if (inner?.op === 'empty') return { kind: 'rule', field: inner.field, op: 'notEmpty' };
  }
  if (op === 'in' && args.length === 2) {
    const field = varName(args[0]);
    if (field && Array.isArray(args[1]) && isLiteral(args[1])) return { kind: 'rule', field, op: 'in', value: args[1] };
    const textField = varName(args[1]);
    if (textField && typeof args[0] === 'string') return { kind: 'rule', field: textField, op: 'contains', value: args[0] };
  }
  return undefined;
}

/**
 * Reads json-logic into the builder's tree: the root is always a group (a single comparison
 * becomes a group of one); what the builder cannot show is kept as a raw leaf.
 *
 * @example parseCondition({ and: [{ '>': [{ var: 'paid_amount' }, 500000] }] })
 * // { kind: 'group', op: 'and', items: [{ kind: 'rule', field: 'paid_amount', op: '>', value: 500000 }] }
 */
export function parseCondition(logic: unknown): ConditionGroup {
  if (logic === undefined || logic === true) return { kind: 'group', op: 'and', items: [] };
  const node = parseNode(logic);
  return node.kind === 'group' ? node : { kind: 'group', op: 'and', items: [node] };
}

function parseNode(logic: unknown): ConditionNode {
  if (isObj(logic) && Object.keys(logic).length === 1) {
    const op = Object.keys(logic)[0]!;
    if ((op === 'and' || op === 'or') && Array.isArray(logic[op])) return { kind: 'group', op, items: (logic[op] as unknown[]).map(parseNode) };
  }
  return parseRule(logic) ?? { kind: 'raw', logic };
}

/**
 * Writes the tree back as json-logic: a group of one item is that item (so a parsed single
 * comparison comes back unchanged); an empty root is `undefined` (no condition).
 *
 * @example toLogic({ kind: 'group', op: 'and', items: [{ kind: 'rule', field: 'gift_note', op: 'notEmpty' }] })
 * // { '!': { missing: ['gift_note'] } }
 */
export function toLogic(node: ConditionNode, root = true): unknown {
  if (node.kind === 'raw') return node.logic;
  if (node.kind === 'group') {
    if (node.items.length === 0) return root ? undefined : { [node.op]: [] };
    if (node.items.length === 1 && root) return toLogic(node.items[0]!, false);
    return { [node.op]: node.items.map((i) => toLogic(i, false)) };
  }
  const v = { var: node.field };
  switch (node.op) {
    case 'empty':
      return { missing: [node.field] };
    case 'notEmpty':
      return { '!': { missing: [node.field] } };
    case 'in':
      return { in: [v, Array.isArray(node.value) ? node.value : []] };
    case 'contains':
      return { in: [node.value ?? '', v] };
    default:
      return { [node.op]: [v, node.value ?? null] };
  }
}

/** The fields a condition's rules name (for "unknown field" hints in the builder). */
export function ruleFields(node: ConditionNode): string[] {
  if (node.kind === 'rule') return [node.field];
  if (node.kind === 'group') return node.items.flatMap(ruleFields);
  return [];
}
