import type { CommitStockAction } from '@statecraft/schema';
import type { ActionHandler } from './action-handler.ts';

/** commit_stock: the server turns the record's reservations into goods gone (shipped): on hand and reserved drop. */
export const commitStock: ActionHandler<CommitStockAction> = {
  type: 'commit_stock',
  apply(_action, ctx) {
    ctx.emit({ type: 'commit_stock' });
  },
};
