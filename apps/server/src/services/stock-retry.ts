import type { FastifyInstance } from 'fastify';
import type { RecordEnvelope, ShortLine } from '@statecraft/store';
import { AppError } from '../app-error.ts';
import type { Actor } from './actor.ts';
import type { LoadedApp } from './app-registry.ts';
import { fromStoreError } from './store-errors.ts';

/** A transition that reserves stock and refuses while short: firing it is a safe re-try. */
export interface RetryTransition {
  entity: string;
  transition: string;
  from: string[];
  stateField: string;
  roles: string[];
}

/** What one re-try round did, record ids in the order they were tried. */
export interface RetryReport {
  tried: number;
  reserved: number[];
  stillShort: number[];
  /** Changed by someone else meanwhile, or no longer allowed: left for the next round. */
  skipped: number[];
}

/** The re-try transitions of an app: transitions with a reserve_stock action whose onShort is "refuse". */
export function retryTransitions(live: LoadedApp): RetryTransition[] {
  const out: RetryTransition[] = [];
  for (const workflow of live.definition.workflows) {
    for (const t of workflow.transitions) {
      if ((t.actions ?? []).some((a) => a.type === 'reserve_stock' && a.onShort === 'refuse')) {
        out.push({ entity: workflow.entity, transition: t.id, from: t.from, stateField: workflow.stateField, roles: t.roles ?? [] });
      }
    }
  }
  return out;
}

/** The field orders are retried by (oldest first): paid_at when the entity has it, else none (id order). */
function retryOrderField(live: LoadedApp, entity: string): string | null {
  const e = live.entities.get(entity);
  return e?.fields.some((f) => f.id === 'paid_at' && f.type === 'datetime') ? 'paid_at' : null;
}

/**
 * Re-tries out-of-stock records when stock arrives: for each app's re-try transition (the OMS's
 * `restock`), the records waiting in its from-states are tried oldest payment first, each in
 * its own transaction through the ordinary command path. A record still short is refused whole
 * (STOCK_SHORT) and stays where it is, its shortage updated; nothing is half-reserved.
 * Records whose recorded shortage the stock does not cover yet are not tried at all.
 */
export class OutOfStockRetry {
  private running: Promise<RetryReport> | null = null;

  constructor(
    private readonly app: Pick<FastifyInstance, 'store' | 'apps' | 'commands' | 'now' | 'log'>,
    private readonly options: { limit?: number } = {},
  ) {}

  /**
   * One round over every app (or one), at most `limit` records (default 500). Concurrent calls
   * in one process share the round in progress.
   *
   * @example const report = await app.stockRetry.runOnce({ appId: 'ecommerce_oms' });
   */
  runOnce(options: { appId?: string; limit?: number; all?: boolean } = {}): Promise<RetryReport> {
    if (this.running) return this.running;
    this.running = this.round(options).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(options: { appId?: string; limit?: number; all?: boolean }): Promise<RetryReport> {
    const report: RetryReport = { tried: 0, reserved: [], stillShort: [], skipped: [] };
    let budget = options.limit ?? this.options.limit ?? 500;
    const appIds = options.appId ? [options.appId] : this.app.apps.ids();
    for (const appId of appIds) {
      const live = this.app.apps.get(appId);
      const superRole = [...live.superuserRoles][0];
      if (!superRole) continue;
      const system: Actor = { id: 'system:stock', userId: null, displayName: 'Stock', roles: [superRole], via: 'system' };
      for (const retry of retryTransitions(live)) {
        if (budget <= 0) return report;
        const covered = new Set(await this.app.store.stock.coveredShortages(retry.entity));
        const recorded = new Set(await this.app.store.stock.shortRecords(retry.entity));
        const orderField = retryOrderField(live, retry.entity);
        let after: string | null = null;
        do {
          const page: { items: RecordEnvelope[]; next: string | null } = await this.app.store.records.list(retry.entity, {
            filters: [{ field: retry.stateField, op: 'in', value: retry.from }],
            sort: orderField ? [{ field: orderField, direction: 'asc' }] : [],
            after,
            limit: 200,
          });
          for (const record of page.items) {
            if (budget <= 0) return report;
            // A known shortage the stock still cannot cover: trying would only be refused.
            if (!options.all && recorded.has(record.id) && !covered.has(record.id)) continue;
            budget--;
            report.tried++;
            await this.tryOne(live, system, retry, record, report);
          }
          after = page.next;
        } while (after);
      }
    }
    return report;
  }

  private async tryOne(live: LoadedApp, system: Actor, retry: RetryTransition, record: RecordEnvelope, report: RetryReport): Promise<void> {
    try {
      await this.app.commands.transition(live, system, retry.entity, record.id, record.version, retry.transition);
      report.reserved.push(record.id);
    } catch (err) {
      const error = err instanceof AppError ? err : fromStoreError(err);
      if (error?.code === 'STOCK_SHORT') {
        report.stillShort.push(record.id);
        const short = (error.details?.short ?? []) as ShortLine[];
        // The refusal rolled everything back; keep what is short now for the next round and the API.
        await this.app.store.stock.recordShortage(this.app.store, { entity: retry.entity, recordId: record.id, short, now: this.app.now().toISOString() });
        return;
      }
      if (error && error.statusCode < 500) {
        report.skipped.push(record.id);
        return;
      }
      throw err;
    }
  }
}
