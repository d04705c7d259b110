/**
 * The facts a rule may read through fact operators, and the shape the server puts them in
 * `$facts` before the engine decides. Windowed facts are keyed by their window in hours, so one
 * definition may ask for several windows (`{"buyer_recent_orders": 24}` and `… 168`).
 *
 * @example
 * const facts: RecordFacts = {
 *   buyer_recent_orders: { '24': 2 },
 *   address_similarity: { '72': 0.91 },
 *   stock_available: { 'HG-CP-001': 5 },
 *   buyer_history: { orders: 12, cancelled: 1, paid_amount: 1290000, first_order_at: '2025-03-01T08:00:00.000Z' },
 * };
 */
export interface RecordFacts {
  /** Other, not cancelled orders of the same buyer (channel buyer id or nick, or the unmasked phone) within the last N hours. */
  buyer_recent_orders?: Record<string, number>;
  /** The highest similarity (0–1) of the shipping address to another open order within the last N hours. */
  address_similarity?: Record<string, number>;
  /** Available stock (on hand − reserved) per SKU code of the record's lines; a missing SKU is unknown. */
  stock_available?: Record<string, number>;
  /** The buyer's history before this order. */
  buyer_history?: BuyerHistory;
}

export interface BuyerHistory {
  orders: number;
  cancelled: number;
  /** Money in fen. */
  paid_amount: number;
  first_order_at: string | null;
}

/** The keys `buyer_history` reads. */
export const BUYER_HISTORY_KEYS = ['orders', 'cancelled', 'paid_amount', 'first_order_at'] as const;

/** Fact operators whose only argument is a window in hours, a literal the server reads from the definition. */
export const WINDOWED_FACTS = ['buyer_recent_orders', 'address_similarity'] as const;
export type WindowedFact = (typeof WINDOWED_FACTS)[number];

/** The longest window a fact may look back: 90 days, as far as the channels keep orders. */
export const MAX_WINDOW_HOURS = 24 * 90;
