import { ApiError } from './api-error.ts';
import type { Condition } from './types.ts';

/**
 * Calls the Statecraft API on the same origin with the session cookie; error answers become
 * an ApiError carrying the server's code, message, hint and per-field problems.
 *
 * @example const me = await api<CurrentUser>('GET', '/api/auth/me');
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(path, init);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; hint?: string; problems?: ApiError['problems'] } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText, err?.hint, err?.problems ?? []);
  }
  return json as T;
}

/** Encodes conditions as the list API's bracket parameters: filter[paid_amount][gte]=100000. */
export function filterParams(conditions: readonly Condition[], params = new URLSearchParams()): URLSearchParams {
  for (const c of conditions) {
    const key = `filter[${c.field}][${c.op}]`;
    const v = c.value;
    params.append(key, Array.isArray(v) ? v.join(',') : v === undefined ? 'true' : String(v));
  }
  return params;
}

/** Base path of an app's records. */
export const recordsPath = (app: string, entity: string) => `/api/apps/${encodeURIComponent(app)}/records/${encodeURIComponent(entity)}`;
