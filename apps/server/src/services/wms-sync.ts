import type { WmsClient } from '@statecraft/connectors';
import { DEFAULT_WAREHOUSE, type Store, type WmsSyncRun } from '@statecraft/store';

export interface WmsStockSyncOptions {
  store: Store;
  /** The WMS; null turns the job into a logged no-op (no WMS configured). */
  client: Pick<WmsClient, 'fetchStock'> | null;
  warehouse?: string;
  /** The clock; tests inject one. */
  now: () => Date;
  /** After a run that changed stock: re-try out-of-stock orders. */
  afterChange?: () => Promise<unknown>;
  onError?: (err: unknown) => void;
}

/**
 * The scheduled WMS stock sync (every 5 minutes by default): reads the real stock of every SKU
 * the pool knows from the warehouse system, sets on hand to it without touching reservations,
 * logs the run (`sc_wms_sync_run`: counts, drift, error) and re-tries out-of-stock orders when
 * something changed. A failing or silent WMS makes a failed run; the next one tries again.
 *
 * @example
 * const sync = new WmsStockSync({ store, client: new WmsClient({ baseUrl }), now: () => new Date() });
 * await sync.runOnce();   // tests; server.ts calls sync.start(300_000)
 */
export class WmsStockSync {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<WmsSyncRun> | null = null;

  constructor(private readonly options: WmsStockSyncOptions) {}

  get warehouse(): string {
    return this.options.warehouse ?? DEFAULT_WAREHOUSE;
  }

  /** One run; a run already in progress in this process is shared, not doubled. */
  runOnce(): Promise<WmsSyncRun> {
    if (this.running) return this.running;
    this.running = this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<WmsSyncRun> {
    const { store } = this.options;
    const iso = () => this.options.now().toISOString();
    const id = await store.stock.startSyncRun(store, { warehouse: this.warehouse, now: iso() });
    let changed = false;
    try {
      if (!this.options.client) throw new Error('No WMS is configured (STATECRAFT_WMS_URL): nothing to sync.');
      const skus: string[] = [];
      for (let after: string | undefined; ; ) {
        const page = await store.stock.list({ warehouse: this.warehouse, limit: 1000, ...(after !== undefined ? { after } : {}) });
        skus.push(...page.map((l) => l.sku));
        if (page.length < 1000) break;
        after = page[page.length - 1]!.sku;
      }
      const items = skus.length ? await this.options.client.fetchStock({ warehouse: this.warehouse, skus }) : [];
      const result = await store.transaction((tx) => tx.stock.applyWmsSnapshot(tx, { warehouse: this.warehouse, items, now: iso(), ref: `wms_sync:${id}` }));
      await store.stock.finishSyncRun(store, id, { now: iso(), result });
      changed = result.changed > 0;
    } catch (err) {
      await store.stock.finishSyncRun(store, id, { now: iso(), error: err instanceof Error ? err.message : String(err) });
      this.options.onError?.(err);
    }
    if (changed && this.options.afterChange) {
      try {
        await this.options.afterChange();
      } catch (err) {
        this.options.onError?.(err);
      }
    }
    return (await store.stock.syncRuns({ limit: 50 })).find((r) => r.id === id)!;
  }

  /** Runs every `intervalMs` (the first run after one interval). */
  start(intervalMs: number): void {
    if (this.timer || intervalMs <= 0) return;
    this.timer = setInterval(() => void this.runOnce().catch((err) => this.options.onError?.(err)), intervalMs);
    this.timer.unref();
  }

  /** Stops the schedule and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
