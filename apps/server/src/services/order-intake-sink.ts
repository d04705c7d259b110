import { eventsFor, isNewer, latestPerKey, zeroCounts, type ChannelOrder, type ChannelOrderState, type OrderSink, type SinkError, type SinkOutcome } from '@statecraft/connectors';
import type { RecordEnvelope } from '@statecraft/store';
import { isAppError } from './intake-errors.ts';
import type { Actor } from './actor.ts';
import type { LoadedApp } from './app-registry.ts';
import type { BatchItem, BatchOutcome, CommandRunner } from './commands.ts';
import type { Store } from '@statecraft/store';

/** The order entity and the fields the intake reads and writes (templates/ecommerce-oms). */
export const INTAKE_ENTITY = 'order';
/** What a known order takes from a newer version on the platform (the rest is the seller's). */
const CHANNEL_FIELDS = ['channel_status', 'refund_status', 'channel_modified_at', 'paid_at'] as const;

/** How far along a stored order is, in channel terms, for `isNewer` and the events a change means. */
function keptState(record: RecordEnvelope, stateField: string | undefined): ChannelOrderState {
  const status = stateField ? record.data[stateField] : undefined;
  if (status === 'pending_payment') return 'pending_payment';
  if (status === 'cancelled') return 'cancelled';
  if (status === 'completed') return 'signed';
  if (status === 'shipped') return 'shipped';
  return 'paid';
}

/**
 * The intake's sink: dedups on (channel, source order id) against the store, then writes through
 * the same engine → store command path as the API (`CommandRunner.writeBatch`): new orders are
 * created and then get the events their platform state means (`channel.paid`, `channel.cancelled`,
 * `channel.signed`); a known order with a newer modified time gets those events and its channel
 * fields (status, refund, modified time); the same or an older one is skipped.
 *
 * @example const sink = new StoreOrderSink({ store, commands, app: () => registry.get('ecommerce_oms'), actor, shopCode: 'TM001' });
 */
export class StoreOrderSink implements OrderSink {
  private shopId: number | null | undefined;

  constructor(
    private readonly options: {
      store: Store;
      commands: CommandRunner;
      app: () => LoadedApp;
      actor: Actor;
      shopCode?: string | null;
      /** All or nothing (file imports): one refused order refuses the batch. */
      atomic?: boolean;
    },
  ) {}

  private async shop(): Promise<number | null> {
    if (this.shopId !== undefined) return this.shopId;
    if (!this.options.shopCode) return (this.shopId = null);
    const page = await this.options.store.records.list('shop', { filters: [{ field: 'code', op: 'eq', value: this.options.shopCode }], limit: 1 });
    return (this.shopId = page.items[0]?.id ?? null);
  }

  /** The stored orders of these keys, by channel + source order id. */
  private async known(orders: ChannelOrder[]): Promise<Map<string, RecordEnvelope>> {
    const out = new Map<string, RecordEnvelope>();
    const byChannel = new Map<string, string[]>();
    for (const o of orders) byChannel.set(o.channel, [...(byChannel.get(o.channel) ?? []), o.sourceOrderId]);
    for (const [channel, ids] of byChannel) {
      for (let i = 0; i < ids.length; i += 1000) {
        const chunk = ids.slice(i, i + 1000);
        const page = await this.options.store.records.list(INTAKE_ENTITY, {
          filters: [
            { field: 'channel', op: 'eq', value: channel },
            { field: 'source_order_id', op: 'in', value: chunk },
          ],
          limit: 1000,
        });
        for (const r of page.items) out.set(`${channel}\u0000${String(r.data.source_order_id)}`, r);
      }
    }
    return out;
  }

  async write(orders: ChannelOrder[]): Promise<SinkOutcome> {
    const counts = zeroCounts();
    const errors: SinkError[] = [];
    const { latest, duplicates } = latestPerKey(orders);
    counts.skipped += duplicates;
    const app = this.options.app();
    const entity = app.entities.get(INTAKE_ENTITY);
    const fieldIds = new Set((entity?.fields ?? []).filter((f) => !f.readOnly).map((f) => f.id));
    const stateField = app.stateFields.get(INTAKE_ENTITY);
    const shop = await this.shop();
    const known = await this.known(latest);

    const items: BatchItem[] = [];
    const sources: ChannelOrder[] = [];
    for (const o of latest) {
      const stored = known.get(`${o.channel}\u0000${o.sourceOrderId}`);
      if (!stored) {
        const data: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o.data)) if (fieldIds.has(k) && v !== undefined) data[k] = v;
        if (shop !== null && fieldIds.has('shop')) data.shop = shop;
        items.push({ existing: null, data, events: eventsFor(null, o.state) });
        sources.push(o);
        continue;
      }
      const kept = { modifiedAt: String(stored.data.channel_modified_at ?? '1970-01-01T00:00:00.000Z'), state: keptState(stored, stateField), refund: (stored.data.refund_status as ChannelOrder['refund']) ?? 'none' };
      if (!isNewer(o, kept)) {
        counts.skipped++;
        continue;
      }
      const patch: Record<string, unknown> = {};
      for (const f of CHANNEL_FIELDS) {
        if (f === 'paid_at' && (stored.data.paid_at || !o.data.paid_at)) continue;
        if (fieldIds.has(f) && o.data[f] !== undefined) patch[f] = o.data[f];
      }
      items.push({ existing: stored, data: {}, events: eventsFor(kept.state, o.state), patch });
      sources.push(o);
    }
    if (items.length === 0) return { counts: strip(counts), errors };

    let outcomes: BatchOutcome[];
    try {
      outcomes = await this.options.commands.writeBatch(app, this.options.actor, INTAKE_ENTITY, items, { atomic: this.options.atomic ?? false });
    } catch (err) {
      if (this.options.atomic) throw err;
      // One item broke the transaction (a concurrent write, a unique key another path just took):
      // write them one by one so the others still go in and only that one is counted as failed.
      outcomes = [];
      for (const item of items) {
        try {
          outcomes.push(...(await this.options.commands.writeBatch(app, this.options.actor, INTAKE_ENTITY, [item])));
        } catch (e) {
          outcomes.push({ ok: false, record: null, skippedEvents: [], error: e });
        }
      }
    }
    outcomes.forEach((outcome, i) => {
      const item = items[i]!;
      if (outcome.ok) {
        if (item.existing) counts.updated++;
        else counts.new++;
        return;
      }
      counts.failed++;
      const err = outcome.error as Error;
      errors.push({ sourceOrderId: sources[i]!.sourceOrderId, code: isAppError(err) ? err.code : 'INTAKE_ORDER_REFUSED', message: err?.message ?? String(err) });
    });
    return { counts: strip(counts), errors };
  }
}

function strip(counts: ReturnType<typeof zeroCounts>): SinkOutcome['counts'] {
  const { fetched: _fetched, ...rest } = counts;
  return rest;
}
