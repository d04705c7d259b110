import type { ReleaseStockAction } from '@statecraft/schema';
import type { ActionHandler } from './action-handler.ts';

/** release_stock: the server releases the record's active reservations (a cancelled order). */
export const releaseStock: ActionHandler<ReleaseStockAction> = {
  type: 'release_stock',
  apply(_action, ctx) {
    ctx.emit({ type: 'release_stock' });
  },
};
