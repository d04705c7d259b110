import { eventsFor, isNewer, type ChannelOrder, type ChannelOrderState } from '../channels/channel-order.ts';
import { zeroCounts, type IntakeCounts } from './intake-state.ts';

/** An order the store refused (the workflow's validation, a mapping gap): counted as failed. */
export interface SinkError {
  sourceOrderId: string;
  code: string;
  message: string;
}

export interface SinkOutcome {
  counts: Omit<IntakeCounts, 'fetched'>;
  errors: SinkError[];
}

/**
 * Where pulled orders go. The server's sink decides each through the engine and writes new
 * ones in one transaction; it must be idempotent on (channel, source order id): a known key
 * with the same or an older modified time is skipped, a newer one updates the order and fires
 * the events its state change means.
 */
export interface OrderSink {
  write(orders: ChannelOrder[]): Promise<SinkOutcome>;
}

/** The latest version of each order in a batch; the earlier copies count as skipped. */
export function latestPerKey(orders: ChannelOrder[]): { latest: ChannelOrder[]; duplicates: number } {
  const byKey = new Map<string, ChannelOrder>();
  for (const o of orders) {
    const key = `${o.channel}\u0000${o.sourceOrderId}`;
    const seen = byKey.get(key);
    if (!seen || isNewer(o, seen)) byKey.set(key, o);
  }
  return { latest: [...byKey.values()], duplicates: orders.length - byKey.size };
}

interface Kept {
  order: ChannelOrder;
  state: ChannelOrderState;
  events: string[];
  writes: number;
}

/**
 * An in-memory sink with the same dedup rules as the server's, for connector tests: it records
 * how often each order was written and the events it would have fired.
 */
export class MemoryOrderSink implements OrderSink {
  readonly orders = new Map<string, Kept>();
  /** Refuse orders matching this (to test failed counts). */
  refuse: ((o: ChannelOrder) => string | null) | null = null;

  async write(orders: ChannelOrder[]): Promise<SinkOutcome> {
    const counts = zeroCounts();
    const errors: SinkError[] = [];
    const { latest, duplicates } = latestPerKey(orders);
    counts.skipped += duplicates;
    for (const o of latest) {
      const reason = this.refuse?.(o);
      if (reason) {
        counts.failed++;
        errors.push({ sourceOrderId: o.sourceOrderId, code: 'INTAKE_ORDER_REFUSED', message: reason });
        continue;
      }
      const key = `${o.channel}:${o.sourceOrderId}`;
      const kept = this.orders.get(key);
      if (!kept) {
        this.orders.set(key, { order: o, state: o.state, events: eventsFor(null, o.state), writes: 1 });
        counts.new++;
      } else if (isNewer(o, kept.order)) {
        kept.events.push(...eventsFor(kept.state, o.state));
        Object.assign(kept, { order: o, state: o.state, writes: kept.writes + 1 });
        counts.updated++;
      } else {
        counts.skipped++;
      }
    }
    const { fetched: _f, ...rest } = counts;
    return { counts: rest, errors };
  }
}
