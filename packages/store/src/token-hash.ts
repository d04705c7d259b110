import { createHash } from 'node:crypto';

/**
 * Session and API tokens are stored as their SHA-256: a leaked database does not hand out
 * working tokens, and a high-entropy token needs no slow hash (passwords do: scrypt, in the server).
 *
 * @example hashToken('sc_2f9…') // → '5d41402abc4b2a76b9719d911017c592…' (64 hex digits)
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
