import { createHash, createHmac } from 'node:crypto';

export type DouyinSignMethod = 'md5' | 'hmac-sha256';

/** `param_json` with its keys sorted (nested too) and no spaces, as Douyin signs it. */
export function douyinParamJson(params: Record<string, unknown>): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(params));
}

/**
 * Douyin shop signature: `secret + app_key… method… param_json… timestamp… v… + secret`,
 * md5 or HMAC-SHA256 keyed with the secret; lowercase hex, as the platform's SDKs send it.
 *
 * @example signDouyin({ app_key, method: 'order.searchList', param_json, timestamp, v: '2' }, secret, 'md5')
 */
export function signDouyin(params: { app_key: string; method: string; param_json: string; timestamp: string; v: string }, secret: string, method: DouyinSignMethod): string {
  const s = `app_key${params.app_key}method${params.method}param_json${params.param_json}timestamp${params.timestamp}v${params.v}`;
  const wrapped = secret + s + secret;
  return method === 'md5' ? createHash('md5').update(wrapped, 'utf8').digest('hex') : createHmac('sha256', secret).update(wrapped, 'utf8').digest('hex');
}
