import { randomBytes } from 'node:crypto';

/**
 * A random bearer secret (session cookie or API token): 256 bits, URL-safe. The store keeps only
 * its SHA-256 (`hashToken`), so a leaked database does not leak usable sessions or tokens.
 *
 * @example const token = newSecret('sct_');  // give it to the client once
 */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}
