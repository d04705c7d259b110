import { eventsFor, isNewer, latestPerKey, zeroCounts, type ChannelOrder, type ChannelOrderState, type OrderSink, type SinkError, type SinkOutcome } from '@statecraft/connectors';
import { isAppError } from './intake-errors.ts';
import type { Actor } from './actor.ts';
import type { LoadedApp } from './app-registry.ts';
import type { BatchItem, BatchOutcome, CommandRunner } from './commands.ts';
import { entityTable, type Store } from '@statecraft/store';

/** The order entity and the fields the intake reads and writes (templates/ecommerce-oms). */
export const INTAKE_ENTITY = 'order';
/** What a known order takes from a newer version on the platform (the rest is the seller's). */
const CHANNEL_FIELDS = ['channel_status', 'refund_status', 'channel_modified_at', 'paid_at'] as const;

/** What the sink needs of a stored order to tell a newer version from a re-delivery. */
interface KnownOrder {
  id: number;
  kept: { modifiedAt: string; state: ChannelOrderState; refund: ChannelOrder['refund'] };
}

/** How far along a stored order is (its workflow state), in channel terms, for `isNewer` and the events a change means. */
function keptState(status: unknown): ChannelOrderState {
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

  /**
   * What the store knows of these keys, by channel + source order id: only the columns the
   * newer-or-not decision reads, one `channel = ? AND source_order_id IN (…)` query per channel
   * and 1,000 keys (the uq_channel_source index answers it). Re-deliveries are mostly unchanged
   * orders: they are skipped without loading the records.
   */
  private async known(orders: ChannelOrder[], stateField: string | undefined): Promise<Map<string, KnownOrder>> {
    const out = new Map<string, KnownOrder>();
    const byChannel = new Map<string, string[]>();
    for (const o of orders) {
      const ids = byChannel.get(o.channel);
      if (ids) ids.push(o.sourceOrderId);
      else byChannel.set(o.channel, [o.sourceOrderId]);
    }
    const columns = ['id', 'source_order_id', 'channel_modified_at', 'refund_status', ...(stateField ? [stateField] : [])];
    for (const [channel, ids] of byChannel) {
      for (let i = 0; i < ids.length; i += 1000) {
        const rows: Record<string, unknown>[] = await this.options.store.knex(entityTable(INTAKE_ENTITY)).where('channel', channel).whereIn('source_order_id', ids.slice(i, i + 1000)).select(columns);
        for (const r of rows) {
          const modified = r.channel_modified_at instanceof Date ? r.channel_modified_at.toISOString() : r.channel_modified_at == null ? null : String(r.channel_modified_at);
          out.set(`${channel}\u0000${String(r.source_order_id)}`, {
            id: Number(r.id),
            kept: { modifiedAt: modified ?? '1970-01-01T00:00:00.000Z', state: keptState(stateField ? r[stateField] : undefined), refund: (r.refund_status as ChannelOrder['refund'] | null) ?? 'none' },
          });
        }
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
    const known = await this.known(latest, stateField);

    const items: BatchItem[] = [];
    const sources: ChannelOrder[] = [];
    const changed: { order: ChannelOrder; known: KnownOrder }[] = [];
    for (const o of latest) {
      const stored = known.get(`${o.channel}\u0000${o.sourceOrderId}`);
      if (!stored) {
        const data: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o.data)) if (fieldIds.has(k) && v !== undefined) data[k] = v;
        if (shop !== null && fieldIds.has('shop')) data.shop = shop;
        items.push({ existing: null, data, events: eventsFor(null, o.state) });
        sources.push(o);
      } else if (isNewer(o, stored.kept)) {
        changed.push({ order: o, known: stored });
      } else {
        counts.skipped++;
      }
    }
    // Only the orders that changed on the platform are loaded whole (the command path needs them).
    const records = new Map((await this.options.store.records.getMany(INTAKE_ENTITY, changed.map((c) => c.known.id))).map((r) => [r.id, r]));
    for (const { order: o, known: k } of changed) {
      const stored = records.get(k.id);
      if (!stored) continue; // deleted meanwhile: the next pull brings it in again
      const patch: Record<string, unknown> = {};
      for (const f of CHANNEL_FIELDS) {
        if (f === 'paid_at' && (stored.data.paid_at || !o.data.paid_at)) continue;
        if (fieldIds.has(f) && o.data[f] !== undefined) patch[f] = o.data[f];
      }
      items.push({ existing: stored, data: {}, events: eventsFor(k.kept.state, o.state), patch });
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
