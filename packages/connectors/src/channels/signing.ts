import { createHash, createHmac } from 'node:crypto';

/** Sorted by key, concatenated key+value: the string TOP, JD, PDD and Douyin sign. */
export function sortedConcat(params: Record<string, string>, exclude: readonly string[] = ['sign']): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k))
    .sort()
    .map((k) => k + params[k])
    .join('');
}

export type Digest = 'md5' | 'hmac' | 'hmac-sha256';

/**
 * The marketplaces' signature: md5 wraps the string with the secret, the hmac variants key it.
 * Uppercase hex.
 *
 * @example signWrapped('md5', 'secret', 'app_key12345method…') // → 'A1B2…'
 */
export function signWrapped(digest: Digest, secret: string, s: string): string {
  switch (digest) {
    case 'md5':
      return createHash('md5').update(secret + s + secret, 'utf8').digest('hex').toUpperCase();
    case 'hmac':
      return createHmac('md5', secret).update(s, 'utf8').digest('hex').toUpperCase();
    case 'hmac-sha256':
      return createHmac('sha256', secret).update(s, 'utf8').digest('hex').toUpperCase();
  }
}

/** Compares two signatures without leaking timing (sandboxes and the webhook use it). */
export function sameSignature(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
