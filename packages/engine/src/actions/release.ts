import type { ReleaseAction } from '@statecraft/schema';
import type { ActionHandler } from './action-handler.ts';

/** release: lifts the record's hold. */
export const release: ActionHandler<ReleaseAction> = {
  type: 'release',
  apply(_action, ctx) {
    ctx.release();
    ctx.emit({ type: 'release' });
  },
};
