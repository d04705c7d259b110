import { signWrapped, sortedConcat } from '../signing.ts';

/**
 * Pinduoduo signature: `upper(md5(client_secret + Σ sorted(k+v) + client_secret))` over every
 * parameter but `sign`.
 *
 * @example signPdd({ type: 'pdd.order.number.list.increment.get', client_id, access_token, timestamp, data_type: 'JSON', … }, secret)
 */
export function signPdd(params: Record<string, string>, clientSecret: string): string {
  return signWrapped('md5', clientSecret, sortedConcat(params, ['sign']));
}
