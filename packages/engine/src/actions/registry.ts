import type { Action } from '@statecraft/schema';
import type { ActionHandler } from './action-handler.ts';
import { commitStock } from './commit_stock.ts';
import { createRecord } from './create_record.ts';
import { hold } from './hold.ts';
import { httpRequest } from './http_request.ts';
import { notify } from './notify.ts';
import { raiseAlert } from './raise_alert.ts';
import { release } from './release.ts';
import { releaseStock } from './release_stock.ts';
import { reserveStock } from './reserve_stock.ts';
import { runTransition } from './run_transition.ts';
import { setField } from './set_field.ts';

/** Every action type of schemas/actions, by type. */
export const actionHandlers: ReadonlyMap<string, ActionHandler<Action>> = new Map(
  [setField, createRecord, runTransition, raiseAlert, hold, release, httpRequest, notify, reserveStock, releaseStock, commitStock].map((h) => [h.type, h as unknown as ActionHandler<Action>]),
);
