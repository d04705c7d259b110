import type { RunTransitionAction } from '@statecraft/schema';
import type { ActionHandler } from './action-handler.ts';

/** run_transition: after the current step, fires another transition if it is allowed then. */
export const runTransition: ActionHandler<RunTransitionAction> = {
  type: 'run_transition',
  apply(action, ctx) {
    ctx.runTransition(action.def.transition);
  },
};
