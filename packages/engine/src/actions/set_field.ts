import type { SetFieldAction } from '@statecraft/schema';
import type { ActionHandler } from './action-handler.ts';

/** set_field: evaluates `value` over the record and writes it into `field` (the decision's data). */
export const setField: ActionHandler<SetFieldAction> = {
  type: 'set_field',
  expressions: (action) => ({ value: action.value }),
  apply(action, ctx) {
    ctx.setField(action.def.field, ctx.evaluate(action.expressions.value!, `${action.path}/value`));
  },
};
