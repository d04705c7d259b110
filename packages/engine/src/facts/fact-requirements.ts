import { pointerSegment, type AppDefinition } from '@statecraft/schema';
import { definitionExpressions } from '../definition/expressions.ts';
import { isLogic, operatorOf } from '../logic/evaluator.ts';
import { appOperators, type OperatorRegistry } from '../logic/registry.ts';
import { BUYER_HISTORY_KEYS, MAX_WINDOW_HOURS, WINDOWED_FACTS, type WindowedFact } from './fact-names.ts';

/** The facts the server must compute for one entity's records before deciding. */
export interface FactRequirements {
  /** Windows in hours, ascending. */
  buyer_recent_orders: number[];
  address_similarity: number[];
  /** True when `stock_available` or `stock_short_lines` is used. */
  stock: boolean;
  buyer_history: boolean;
}

/** One use of a fact operator in a definition. */
export interface FactUse {
  /** JSON pointer to the operation, e.g. `/rules/4/condition/>=/0`. */
  path: string;
  entity: string;
  operator: string;
  args: unknown[];
  /** True inside map/filter/all/none/some/reduce, where the data is a line and `$facts` is out of reach. */
  inScope: boolean;
}

const FACT_NAMES = new Set(['buyer_recent_orders', 'address_similarity', 'stock_available', 'stock_short_lines', 'buyer_history']);

function walk(node: unknown, at: string, entity: string, inScope: boolean, registry: OperatorRegistry, out: FactUse[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${at}/${i}`, entity, inScope, registry, out));
    return;
  }
  if (!isLogic(node)) return;
  const op = operatorOf(node);
  const value = node[op];
  const args = Array.isArray(value) ? value : [value];
  const opAt = `${at}/${pointerSegment(op)}`;
  if (FACT_NAMES.has(op)) out.push({ path: at, entity, operator: op, args, inScope });
  const scope = registry.get(op)?.scope;
  args.forEach((arg, i) => walk(arg, Array.isArray(value) ? `${opAt}/${i}` : opAt, entity, inScope || (scope !== undefined && i === 1), registry, out));
}

/**
 * Every use of a fact operator in a definition's expressions, with where it is.
 *
 * @example factUses(def).map((u) => u.operator) // → ['buyer_recent_orders', 'address_similarity', …]
 */
export function factUses(def: AppDefinition, registry: OperatorRegistry = appOperators): FactUse[] {
  const out: FactUse[] = [];
  for (const { path, entity, expression } of definitionExpressions(def)) walk(expression, path, entity, false, registry, out);
  return out;
}

/** A window argument as the server will read it: a literal number of hours within range, else undefined. */
export function windowHours(arg: unknown): number | undefined {
  return typeof arg === 'number' && Number.isFinite(arg) && arg > 0 && arg <= MAX_WINDOW_HOURS ? arg : undefined;
}

/**
 * What the server must compute, per entity, so the definition's fact operators have their
 * facts: the windows of the windowed facts, and whether stock and buyer history are needed.
 * Computed once per published version; entities that use no fact need nothing.
 *
 * @example
 * factRequirements(def).get('order') // → { buyer_recent_orders: [24], address_similarity: [72], stock: true, buyer_history: false }
 */
export function factRequirements(def: AppDefinition, registry: OperatorRegistry = appOperators): Map<string, FactRequirements> {
  const byEntity = new Map<string, FactRequirements>();
  for (const use of factUses(def, registry)) {
    let req = byEntity.get(use.entity);
    if (!req) byEntity.set(use.entity, (req = { buyer_recent_orders: [], address_similarity: [], stock: false, buyer_history: false }));
    if ((WINDOWED_FACTS as readonly string[]).includes(use.operator)) {
      const hours = windowHours(use.args[0]);
      const list = req[use.operator as WindowedFact];
      if (hours !== undefined && !list.includes(hours)) list.push(hours);
    } else if (use.operator === 'buyer_history') req.buyer_history = true;
    else req.stock = true;
  }
  for (const req of byEntity.values()) {
    req.buyer_recent_orders.sort((a, b) => a - b);
    req.address_similarity.sort((a, b) => a - b);
  }
  return byEntity;
}

export { BUYER_HISTORY_KEYS };
