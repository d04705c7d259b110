import type { NotifyAction } from '@statecraft/schema';
import type { ActionHandler } from './action-handler.ts';

/** notify: a message through a messenger connector or the inbox, filled from the record. */
export const notify: ActionHandler<NotifyAction> = {
  type: 'notify',
  apply(action, ctx) {
    const { connector, title, message, mentionRoles } = action.def;
    ctx.emit({
      type: 'notify',
      connector,
      ...(title ? { title: ctx.render(title) } : {}),
      message: ctx.render(message),
      mentionRoles: [...(mentionRoles ?? [])],
    });
  },
};
