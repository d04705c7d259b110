import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { WmsClient } from '@statecraft/connectors';
import { DEFAULT_WAREHOUSE, type ReservationStatus } from '@statecraft/store';
import { AppError } from '../app-error.ts';
import { recordParams } from '../http/record-schemas.ts';
import { appParam, errorResponses } from '../http/schemas.ts';
import type { Actor } from '../services/actor.ts';
import type { LoadedApp } from '../services/app-registry.ts';
import { actorOf, isSuperuser } from '../services/guards.ts';
import { mayAccess } from '../services/permissions.ts';
import { OutOfStockRetry, retryTransitions, type RetryReport } from '../services/stock-retry.ts';
import { WmsStockSync } from '../services/wms-sync.ts';
import { recordContext } from './records.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Re-tries out-of-stock orders (after stock arrives, and on demand). */
    stockRetry: OutOfStockRetry;
    /** The scheduled WMS stock sync; server.ts starts it, tests call runOnce(). */
    wmsSync: WmsStockSync;
  }
}

export interface StockPluginOptions {
  /** The WMS to sync from; null: none (runs are logged as failed). */
  wms?: { url: string; token?: string; timeoutMs?: number } | null;
  /** Test seam: the WMS client itself. */
  wmsClient?: Pick<WmsClient, 'fetchStock'>;
  /** Records tried per re-try round (default 500). */
  retryLimit?: number;
}

const skuPattern = { type: 'string', minLength: 1, maxLength: 128 } as const;
const warehousePattern = { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } as const;
const nullableDate = { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

const levelSchema = {
  type: 'object',
  properties: {
    sku: { type: 'string' },
    warehouse: { type: 'string' },
    onHand: { type: 'integer', description: '在库 on hand' },
    reserved: { type: 'integer', description: '预占 reserved by active reservations' },
    safetyStock: { type: 'integer' },
    available: { type: 'integer', description: 'on hand − reserved − safety stock (≥ 0)' },
    presale: { type: 'object', properties: { enabled: { type: 'boolean' }, cap: { type: 'integer' }, shipDate: { type: ['string', 'null'] } } },
    updatedAt: { type: 'string' },
  },
} as const;

const retrySchema = {
  type: 'object',
  properties: {
    tried: { type: 'integer' },
    reserved: { type: 'array', items: { type: 'integer' } },
    stillShort: { type: 'array', items: { type: 'integer' } },
    skipped: { type: 'array', items: { type: 'integer' } },
  },
} as const;

const reservationSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    entity: { type: 'string' },
    recordId: { type: 'integer' },
    lineKey: { type: 'string' },
    sku: { type: 'string' },
    warehouse: { type: 'string' },
    qty: { type: 'integer' },
    status: { type: 'string', enum: ['active', 'released', 'committed'] },
    presale: { type: 'boolean' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

const shortSchema = {
  type: 'object',
  properties: { sku: { type: 'string' }, warehouse: { type: 'string' }, requested: { type: 'integer' }, available: { type: 'integer' }, at: { type: 'string' } },
} as const;

const runSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    warehouse: { type: 'string' },
    status: { type: 'string', enum: ['running', 'ok', 'failed'] },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
    skusSeen: { type: 'integer' },
    skusChanged: { type: 'integer' },
    driftUnits: { type: 'integer' },
    drift: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, before: { type: ['integer', 'null'] }, after: { type: 'integer' } } } },
    error: { type: ['string', 'null'] },
  },
} as const;

const appOnly = { type: 'object', required: ['app'], properties: { app: appParam } } as const;
const appSku = { type: 'object', required: ['app', 'sku'], properties: { app: appParam, sku: skuPattern } } as const;

/**
 * Who may change stock: administrators, and the roles that may fire the app's re-try transition
 * (in the OMS: ops, purchasing, ops supervisor — the people who restock).
 */
function mayManageStock(live: LoadedApp, actor: Actor): boolean {
  if (isSuperuser(actor, live.superuserRoles)) return true;
  const roles = new Set(retryTransitions(live).flatMap((t) => t.roles));
  return actor.roles.some((r) => roles.has(r));
}

function assertStockManager(live: LoadedApp, actor: Actor, what: string): void {
  if (mayManageStock(live, actor)) return;
  const roles = new Set(retryTransitions(live).flatMap((t) => t.roles));
  throw new AppError('AUTH_FORBIDDEN', 403, `Only administrators and the roles that restock (${[...roles].join(', ') || 'none'}) may ${what}.`, {
    hint: 'Ask purchasing or an administrator to do it.',
  });
}

function context(app: FastifyInstance, request: FastifyRequest<{ Params: { app: string } }>): { live: LoadedApp; actor: Actor } {
  const actor = actorOf(request);
  return { live: app.apps.get(request.params.app), actor };
}

/**
 * The central stock pool over HTTP: stock by SKU (on hand, reserved, available, presale), the
 * reservations and shortage of a record, manual adjustments with a reason (the movement log is
 * the audit), safety stock and presale settings, re-try of out-of-stock orders, the
 * reconciliation, and the WMS sync (run now, list runs).
 */
export const stockPlugin = fp(
  async function stock(app: FastifyInstance, options: StockPluginOptions) {
    const retry = new OutOfStockRetry(app, options.retryLimit !== undefined ? { limit: options.retryLimit } : {});
    const client = options.wmsClient ?? (options.wms ? new WmsClient({ baseUrl: options.wms.url, ...(options.wms.token ? { token: options.wms.token } : {}), ...(options.wms.timeoutMs ? { timeoutMs: options.wms.timeoutMs } : {}) }) : null);
    const sync = new WmsStockSync({
      store: app.store,
      client,
      now: app.now,
      afterChange: () => retry.runOnce(),
      onError: (err) => app.log.warn({ err }, 'WMS stock sync failed'),
    });
    app.decorate('stockRetry', retry);
    app.decorate('wmsSync', sync);
    app.addHook('onClose', async () => {
      await sync.stop();
    });

    app.get<{ Params: { app: string }; Querystring: { sku?: string; prefix?: string; warehouse?: string; after?: string; limit?: number } }>(
      '/api/apps/:app/stock',
      {
        schema: {
          tags: ['stock'],
          summary: 'Stock by SKU (在库, 预占, 可用, 预售), in SKU order: sku=A,B for some, prefix=HG-CP for a family, after=<sku> for the next page',
          params: appOnly,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { sku: { type: 'string', description: 'Comma-separated SKU codes' }, prefix: { type: 'string', minLength: 1, maxLength: 128, description: 'SKU codes starting with this' }, warehouse: warehousePattern, after: skuPattern, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                items: { type: 'array', items: levelSchema },
                next: { type: ['string', 'null'] },
                permissions: { type: 'object', description: 'What the caller may do here', properties: { manage: { type: 'boolean', description: 'adjust, settings, re-try, WMS sync' } } },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { live, actor } = context(app, request);
        const q = request.query;
        const limit = q.limit ?? 100;
        const items = await app.store.stock.list({
          ...(q.sku ? { skus: q.sku.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
          ...(q.prefix ? { prefix: q.prefix } : {}),
          ...(q.warehouse ? { warehouse: q.warehouse } : {}),
          ...(q.after ? { after: q.after } : {}),
          limit,
        });
        return { items, next: items.length === limit ? items[items.length - 1]!.sku : null, permissions: { manage: mayManageStock(live, actor) } };
      },
    );

    app.get<{ Params: { app: string } }>(
      '/api/apps/:app/stock/shortages',
      {
        schema: {
          tags: ['stock'],
          summary: 'The SKUs records are short of (缺货), in SKU order: how many records wait and how many units they need',
          params: appOnly,
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, warehouse: { type: 'string' }, records: { type: 'integer' }, requested: { type: 'integer' } } } } } },
            ...errorResponses,
          },
        },
      },
      async (request) => {
        context(app, request);
        return { items: await app.store.stock.shortageSummary() };
      },
    );

    app.get<{ Params: { app: string; sku: string }; Querystring: { warehouse?: string; status?: ReservationStatus; limit?: number } }>(
      '/api/apps/:app/stock/:sku/reservations',
      {
        schema: {
          tags: ['stock'],
          summary: 'Who holds one SKU: its reservations (预占) newest first — record, line, quantity, status, since when — and the records short of it; only records of entities the caller may read',
          params: appSku,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { warehouse: warehousePattern, status: { type: 'string', enum: ['active', 'released', 'committed'] }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                reservations: { type: 'array', items: reservationSchema },
                shortages: { type: 'array', items: { type: 'object', properties: { entity: { type: 'string' }, recordId: { type: 'integer' }, requested: { type: 'integer' }, available: { type: 'integer' }, at: { type: 'string' } } } },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { live, actor } = context(app, request);
        const { warehouse, status, limit } = request.query;
        const readable = (entity: string) => {
          const e = live.entities.get(entity);
          return !!e && mayAccess(e, 'read', actor, live.superuserRoles);
        };
        const [reservations, shortages] = await Promise.all([
          app.store.stock.reservationsOfSku(request.params.sku, { ...(warehouse ? { warehouse } : {}), ...(status ? { status } : {}), limit: limit ?? 100 }),
          app.store.stock.shortagesOfSku(request.params.sku, { ...(warehouse ? { warehouse } : {}) }),
        ]);
        return { reservations: reservations.filter((r) => readable(r.entity)), shortages: shortages.filter((r) => readable(r.entity)) };
      },
    );

    app.get<{ Params: { app: string; sku: string }; Querystring: { warehouse?: string } }>(
      '/api/apps/:app/stock/:sku',
      {
        schema: {
          tags: ['stock'],
          summary: 'One SKU: stock and its latest movements (adjustments, WMS sync, shipments)',
          params: appSku,
          querystring: { type: 'object', additionalProperties: false, properties: { warehouse: warehousePattern } },
          response: {
            200: {
              type: 'object',
              properties: {
                stock: levelSchema,
                movements: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      id: { type: 'integer' },
                      kind: { type: 'string' },
                      delta: { type: 'integer' },
                      onHandAfter: { type: 'integer' },
                      reason: { type: ['string', 'null'] },
                      actor: { type: ['string', 'null'] },
                      ref: { type: ['string', 'null'] },
                      at: { type: 'string' },
                    },
                  },
                },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (request) => {
        context(app, request);
        const warehouse = request.query.warehouse ?? DEFAULT_WAREHOUSE;
        const level = await app.store.stock.get(request.params.sku, warehouse);
        if (!level) {
          throw new AppError('STOCK_NOT_FOUND', 404, `SKU ${request.params.sku} has no stock in warehouse ${warehouse}.`, {
            hint: 'Stock it with POST /api/apps/:app/stock/:sku/adjustments, or let the WMS sync bring it.',
          });
        }
        return { stock: level, movements: await app.store.stock.movements(request.params.sku, { warehouse, limit: 50 }) };
      },
    );

    app.post<{ Params: { app: string; sku: string }; Body: { warehouse?: string; delta?: number; onHand?: number; reason: string } }>(
      '/api/apps/:app/stock/:sku/adjustments',
      {
        schema: {
          tags: ['stock'],
          summary: 'Adjust on hand with a reason (采购入库, 盘点, 报损): by delta, or set a counted onHand; then re-try out-of-stock orders',
          params: appSku,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['reason'],
            properties: {
              warehouse: warehousePattern,
              delta: { type: 'integer', description: 'Change on hand by this much (not 0)' },
              onHand: { type: 'integer', minimum: 0, description: 'Or set on hand to this counted quantity' },
              reason: { type: 'string', minLength: 1, maxLength: 500 },
            },
          },
          response: { 200: { type: 'object', properties: { stock: levelSchema, retried: retrySchema } }, ...errorResponses },
        },
      },
      async (request) => {
        const { live, actor } = context(app, request);
        assertStockManager(live, actor, 'adjust stock');
        const b = request.body;
        const level = await app.store.stock.adjust(app.store, {
          sku: request.params.sku,
          ...(b.warehouse ? { warehouse: b.warehouse } : {}),
          ...(b.delta !== undefined ? { delta: b.delta } : {}),
          ...(b.onHand !== undefined ? { onHand: b.onHand } : {}),
          reason: b.reason,
          actor: actor.id,
          now: app.now().toISOString(),
        });
        const retried: RetryReport = level.available > 0 ? await retry.runOnce({ appId: live.id }) : { tried: 0, reserved: [], stillShort: [], skipped: [] };
        return { stock: (await app.store.stock.get(level.sku, level.warehouse)) ?? level, retried };
      },
    );

    app.put<{ Params: { app: string; sku: string }; Body: { warehouse?: string; safetyStock?: number; presale?: { enabled: boolean; cap?: number; shipDate?: string | null } } }>(
      '/api/apps/:app/stock/:sku/settings',
      {
        schema: {
          tags: ['stock'],
          summary: 'Safety stock and presale (预售模式: on/off, units beyond stock, expected ship date); then re-try out-of-stock orders',
          params: appSku,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              warehouse: warehousePattern,
              safetyStock: { type: 'integer', minimum: 0 },
              presale: {
                type: 'object',
                additionalProperties: false,
                required: ['enabled'],
                properties: { enabled: { type: 'boolean' }, cap: { type: 'integer', minimum: 0 }, shipDate: nullableDate },
              },
            },
          },
          response: { 200: { type: 'object', properties: { stock: levelSchema, retried: retrySchema } }, ...errorResponses },
        },
      },
      async (request) => {
        const { live, actor } = context(app, request);
        assertStockManager(live, actor, 'change stock settings');
        const b = request.body;
        const level = await app.store.stock.configure(app.store, {
          sku: request.params.sku,
          ...(b.warehouse ? { warehouse: b.warehouse } : {}),
          ...(b.safetyStock !== undefined ? { safetyStock: b.safetyStock } : {}),
          ...(b.presale ? { presale: b.presale } : {}),
          actor: actor.id,
          now: app.now().toISOString(),
        });
        const retried = await retry.runOnce({ appId: live.id });
        return { stock: (await app.store.stock.get(level.sku, level.warehouse)) ?? level, retried };
      },
    );

    app.post<{ Params: { app: string }; Body: { limit?: number; all?: boolean } }>(
      '/api/apps/:app/stock/retry',
      {
        schema: {
          tags: ['stock'],
          summary: 'Re-try out-of-stock orders now, oldest payment first (all=true also tries those whose recorded shortage is not covered)',
          params: appOnly,
          body: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 5000 }, all: { type: 'boolean' } } },
          response: { 200: retrySchema, ...errorResponses },
        },
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request) => {
        const { live, actor } = context(app, request);
        assertStockManager(live, actor, 're-try out-of-stock orders');
        return retry.runOnce({ appId: live.id, ...(request.body.limit ? { limit: request.body.limit } : {}), ...(request.body.all ? { all: true } : {}) });
      },
    );

    app.get<{ Params: { app: string } }>(
      '/api/apps/:app/stock/reconciliation',
      {
        schema: {
          tags: ['stock'],
          summary: 'The invariant check: Σ active reservations = reserved per SKU and warehouse; reserved ≤ on hand (+ presale cap)',
          params: appOnly,
          response: {
            200: {
              type: 'object',
              properties: {
                ok: { type: 'boolean' },
                checked: { type: 'integer' },
                mismatches: { type: 'array', items: { type: 'object', additionalProperties: true } },
                overReserved: { type: 'array', items: { type: 'object', additionalProperties: true } },
                orphans: { type: 'array', items: { type: 'object', additionalProperties: true } },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (request) => {
        context(app, request);
        return app.store.stock.reconcile();
      },
    );

    app.post<{ Params: { app: string } }>(
      '/api/apps/:app/stock/wms-sync',
      {
        schema: { tags: ['stock'], summary: 'Run the WMS stock sync now (it also runs every 5 minutes); answers the logged run', params: appOnly, response: { 200: runSchema, ...errorResponses } },
      },
      async (request) => {
        const { live, actor } = context(app, request);
        assertStockManager(live, actor, 'run the WMS sync');
        return sync.runOnce();
      },
    );

    app.get<{ Params: { app: string }; Querystring: { limit?: number } }>(
      '/api/apps/:app/stock/wms-sync/runs',
      {
        schema: {
          tags: ['stock'],
          summary: 'WMS sync runs, newest first: counts, drift, errors',
          params: appOnly,
          querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 20 } } },
          response: { 200: { type: 'object', properties: { items: { type: 'array', items: runSchema } } }, ...errorResponses },
        },
      },
      async (request) => {
        context(app, request);
        return { items: await app.store.stock.syncRuns({ limit: request.query.limit ?? 20 }) };
      },
    );

    app.get<{ Params: { app: string; entity: string; id: number } }>(
      '/api/apps/:app/records/:entity/:id/stock',
      {
        schema: {
          tags: ['stock'],
          summary: 'The stock reservations of a record (each line: SKU, quantity, active/released/committed, presale) and its recorded shortage',
          params: recordParams,
          response: {
            200: {
              type: 'object',
              properties: {
                reservations: { type: 'array', items: reservationSchema },
                shortage: { type: 'array', items: shortSchema },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (request) => {
        recordContext(app, request, request.params, 'read');
        const { entity, id } = request.params;
        await app.store.records.get(entity, id);
        return { reservations: await app.store.stock.reservationsOf(entity, id), shortage: await app.store.stock.shortagesOf(entity, id) };
      },
    );
  },
  { name: 'stock' },
);
