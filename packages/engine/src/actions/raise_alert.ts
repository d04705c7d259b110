import type { RaiseAlertAction } from '@statecraft/schema';
import type { ActionHandler } from './action-handler.ts';

/** raise_alert: an alert on the record, its message filled from the record in every language. */
export const raiseAlert: ActionHandler<RaiseAlertAction> = {
  type: 'raise_alert',
  apply(action, ctx) {
    const { code, severity, message } = action.def;
    ctx.emit({ type: 'raise_alert', code, severity, message: ctx.render(message) });
  },
};
