import type { CreateRecordAction } from '@statecraft/schema';
import type { RecordData } from '../record.ts';
import type { ActionHandler } from './action-handler.ts';

/** create_record: evaluates each value over the triggering record; the server creates the record. */
export const createRecord: ActionHandler<CreateRecordAction> = {
  type: 'create_record',
  expressions: (action) => ({ ...action.values }),
  apply(action, ctx) {
    const values: RecordData = {};
    for (const key of Object.keys(action.def.values)) {
      values[key] = ctx.evaluate(action.expressions[key]!, `${action.path}/values/${key}`);
    }
    ctx.emit({ type: 'create_record', entity: action.def.entity, values });
  },
};
