import { signWrapped, sortedConcat } from '../signing.ts';

export type TopSignMethod = 'md5' | 'hmac' | 'hmac-sha256';

/**
 * TOP signature: every parameter but `sign`, sorted, `key+value` concatenated; md5 wraps it with
 * the app secret (`MD5(secret + s + secret)`), hmac keys HMAC-MD5 with it; uppercase hex.
 *
 * @example signTop({ method: 'taobao.trades.sold.increment.get', app_key: '12345', … }, 'secret')
 */
export function signTop(params: Record<string, string>, secret: string): string {
  const method = (params.sign_method ?? 'md5') as TopSignMethod;
  return signWrapped(method, secret, sortedConcat(params, ['sign']));
}
