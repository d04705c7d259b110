import { BUYER_HISTORY_KEYS, type RecordFacts } from '../../facts/fact-names.ts';
import type { OperatorDefinition } from '../operator.ts';

// Fact operators read `$facts`, which only the top-level data carries: inside map/filter/some
// the data is a line, so these operators belong at the top of a condition.
function factsOf(data: unknown): RecordFacts | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const facts = Object.hasOwn(data, '$facts') ? (data as { $facts?: unknown }).$facts : undefined;
  return facts !== null && typeof facts === 'object' ? (facts as RecordFacts) : undefined;
}

function ownNumber(map: Record<string, number> | undefined, key: string): number | null {
  if (!map || !Object.hasOwn(map, key)) return null;
  const v = map[key];
  return typeof v === 'number' ? v : null;
}

function windowKey(arg: unknown): string {
  return String(Number(arg));
}

export const buyerRecentOrdersOperator: OperatorDefinition = {
  name: 'buyer_recent_orders',
  arity: { min: 1, max: 1 },
  description:
    'Other orders of the same buyer (channel buyer id or nick, or phone) in the last N hours, cancelled ones left out: {">=": [{"buyer_recent_orders": 24}, 2]}. A fact the server computes.',
  evaluate: ([hours], data) => ownNumber(factsOf(data)?.buyer_recent_orders, windowKey(hours)),
};

export const addressSimilarityOperator: OperatorDefinition = {
  name: 'address_similarity',
  arity: { min: 1, max: 1 },
  description:
    'The highest similarity (0 to 1) of the shipping address to another open order in the last N hours; other districts score 0, the same platform address hash 1: {">=": [{"address_similarity": 72}, 0.8]}.',
  evaluate: ([hours], data) => ownNumber(factsOf(data)?.address_similarity, windowKey(hours)),
};

export const stockAvailableOperator: OperatorDefinition = {
  name: 'stock_available',
  arity: { min: 1, max: 1 },
  description: 'Available stock (on hand − reserved) of a SKU of the record\'s lines, null when unknown: {"stock_available": "HG-CP-001"}.',
  evaluate: ([sku], data) => ownNumber(factsOf(data)?.stock_available, String(sku)),
};

/**
 * The number of SKUs whose ordered quantity (summed over the record's lines) is more than the
 * available stock. SKUs with unknown stock are not counted: a missing fact never holds an order.
 */
export function shortSkus(data: unknown): number {
  const stock = factsOf(data)?.stock_available;
  if (!stock || data === null || typeof data !== 'object') return 0;
  const lines = (data as { lines?: unknown }).lines;
  if (!Array.isArray(lines)) return 0;
  const wanted = new Map<string, number>();
  for (const line of lines) {
    if (line === null || typeof line !== 'object') continue;
    const { sku_code: sku, qty } = line as { sku_code?: unknown; qty?: unknown };
    if (typeof sku !== 'string' || typeof qty !== 'number') continue;
    wanted.set(sku, (wanted.get(sku) ?? 0) + qty);
  }
  let short = 0;
  for (const [sku, qty] of wanted) {
    const available = ownNumber(stock, sku);
    if (available !== null && qty > available) short++;
  }
  return short;
}

export const stockShortLinesOperator: OperatorDefinition = {
  name: 'stock_short_lines',
  arity: { min: 0, max: 0 },
  description: 'How many SKUs of the record\'s lines (quantities summed per SKU) need more than the available stock: {">": [{"stock_short_lines": []}, 0]}.',
  evaluate: (_args, data) => shortSkus(data),
};

export const buyerHistoryOperator: OperatorDefinition = {
  name: 'buyer_history',
  arity: { min: 1, max: 1 },
  description: `The buyer's history before this order, one of ${BUYER_HISTORY_KEYS.join(', ')}: {">=": [{"buyer_history": "cancelled"}, 3]}.`,
  evaluate([key], data) {
    const history = factsOf(data)?.buyer_history;
    if (!history || typeof key !== 'string' || !(BUYER_HISTORY_KEYS as readonly string[]).includes(key)) return null;
    return (history as unknown as Record<string, unknown>)[key] ?? null;
  },
};

/** The operators that read facts the server computed before deciding. */
export const factOperators: readonly OperatorDefinition[] = [
  buyerRecentOrdersOperator,
  addressSimilarityOperator,
  stockAvailableOperator,
  stockShortLinesOperator,
  buyerHistoryOperator,
];
