import type { ReserveStockAction } from '@statecraft/schema';
import type { ActionHandler } from './action-handler.ts';
import type { StockLineRequest } from './effect.ts';

/** Defaults of reserve_stock, as schemas/actions/reserve_stock.schema.json documents them. */
export const RESERVE_STOCK_DEFAULTS = { sku: 'sku_code', qty: 'qty', warehouse: 'main', shortEvent: 'stock.short', onShort: 'event' } as const;

/**
 * reserve_stock: asks the server to reserve every line of the record in the stock pool, in the
 * same transaction. The engine only reads the lines (as they are before the state changes);
 * whether stock suffices is the database's answer, never a decision made here from stale reads.
 */
export const reserveStock: ActionHandler<ReserveStockAction> = {
  type: 'reserve_stock',
  expressions: (action) => ({ lines: { var: action.lines } }),
  apply(action, ctx) {
    const def = action.def;
    const skuField = def.sku ?? RESERVE_STOCK_DEFAULTS.sku;
    const qtyField = def.qty ?? RESERVE_STOCK_DEFAULTS.qty;
    const raw = ctx.evaluate(action.expressions.lines!, `${action.path}/lines`);
    const lines: StockLineRequest[] = [];
    (Array.isArray(raw) ? raw : []).forEach((item, i) => {
      if (!item || typeof item !== 'object') return;
      const line = item as Record<string, unknown>;
      const sku = line[skuField];
      const qty = line[qtyField];
      // Field checks refuse such lines before any transition; a line without a SKU holds no stock.
      if (typeof sku !== 'string' || sku === '' || !Number.isInteger(qty) || (qty as number) <= 0) return;
      const id = line.id;
      lines.push({ key: typeof id === 'number' || typeof id === 'string' ? String(id) : `#${i + 1}`, sku, qty: qty as number });
    });
    ctx.emit({
      type: 'reserve_stock',
      warehouse: def.warehouse ?? RESERVE_STOCK_DEFAULTS.warehouse,
      lines,
      shortEvent: def.shortEvent ?? RESERVE_STOCK_DEFAULTS.shortEvent,
      onShort: def.onShort ?? RESERVE_STOCK_DEFAULTS.onShort,
      presaleField: def.presaleField ?? null,
      shipDateField: def.shipDateField ?? null,
    });
  },
};
