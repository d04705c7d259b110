import type { HttpRequestAction } from '@statecraft/schema';
import type { ActionHandler } from './action-handler.ts';

/**
 * http_request: a request the outbox sends after the change commits. The body is a map of JSON
 * keys to expressions (standard json-logic cannot build objects), each evaluated now.
 */
export const httpRequest: ActionHandler<HttpRequestAction> = {
  type: 'http_request',
  expressions: (action) => Object.fromEntries(Object.entries(action.body ?? {}).map(([key, expr]) => [`body.${key}`, expr])),
  apply(action, ctx) {
    const { method, url } = action.def;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(action.def.headers ?? {})) if (value !== undefined) headers[name] = value;
    let body: Record<string, unknown> | undefined;
    if (action.def.body) {
      body = {};
      for (const key of Object.keys(action.def.body)) body[key] = ctx.evaluate(action.expressions[`body.${key}`]!, `${action.path}/body/${key}`);
    }
    ctx.emit({ type: 'http_request', method, url, headers, body });
  },
};
