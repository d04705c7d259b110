import type { HoldAction } from '@statecraft/schema';
import type { ActionHandler } from './action-handler.ts';

/** hold: puts the record on hold (暂停发货); blockedByHold transitions refuse until released. */
export const hold: ActionHandler<HoldAction> = {
  type: 'hold',
  apply(action, ctx) {
    const reason = ctx.render(action.def.reason);
    ctx.hold(reason);
    ctx.emit({ type: 'hold', reason });
  },
};
