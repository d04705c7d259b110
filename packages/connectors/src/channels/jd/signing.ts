import { signWrapped, sortedConcat } from '../signing.ts';

/**
 * JD JOS signature: `upper(md5(secret + Σ sorted(k+v) + secret))` over the system parameters and
 * `360buy_param_json`, `access_token` included, `format` and `sign_method` (and `sign`) left out.
 *
 * @example signJd({ method: 'jingdong.pop.order.search', app_key, access_token, timestamp, v: '2.0', '360buy_param_json': '{…}' }, secret)
 */
export function signJd(params: Record<string, string>, secret: string): string {
  return signWrapped('md5', secret, sortedConcat(params, ['sign', 'format', 'sign_method']));
}
