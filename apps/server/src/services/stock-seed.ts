import type { Store } from '@statecraft/store';
import type { SeedStock } from '@statecraft/template-oms';

/**
 * Installs a template's starting stock (seed.json `stock`) in one transaction: on hand as a
 * counted quantity (logged as an adjustment), then safety stock and presale settings. Runs before
 * the seed's orders are paid, so their reservations find stock.
 *
 * @example await installStock(app.store, seed.stock ?? [], { now, actor: 'installer' });
 */
export async function installStock(store: Store, stock: readonly SeedStock[], by: { now: string; actor: string }): Promise<number> {
  if (stock.length === 0) return 0;
  await store.transaction(async (tx) => {
    for (const s of stock) {
      await tx.stock.adjust(tx, { sku: s.sku_code, warehouse: s.warehouse, onHand: s.on_hand, reason: '初始库存（模板）/ starting stock (template)', actor: by.actor, now: by.now });
      if (s.safety_stock !== undefined || s.presale) {
        await tx.stock.configure(tx, {
          sku: s.sku_code,
          warehouse: s.warehouse,
          ...(s.safety_stock !== undefined ? { safetyStock: s.safety_stock } : {}),
          ...(s.presale ? { presale: { enabled: s.presale.enabled, cap: s.presale.cap, shipDate: s.presale.ship_date } } : {}),
          actor: by.actor,
          now: by.now,
        });
      }
    }
  });
  return stock.length;
}
