import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// N=16384, r=8, p=1: the interactive-login parameters of RFC 7914 (~16 MiB, tens of ms).
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFKC'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * Hashes a password with scrypt and a random per-user salt. The result carries its parameters,
 * so they can be raised later without invalidating stored hashes. `cost` (scrypt's N, a power
 * of two) is lowered only by tests.
 *
 * @example
 * const stored = await hashPassword('s3cret!');   // 'scrypt$16384$8$1$<salt b64>$<hash b64>'
 * await verifyPassword('s3cret!', stored);        // true
 */
export async function hashPassword(password: string, cost: number = PARAMS.N): Promise<string> {
  const salt = randomBytes(16);
  const params = { ...PARAMS, N: cost };
  const key = await scrypt(password, salt, KEY_LENGTH, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Compares a password with a stored hash in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  if (expected.length === 0) return false;
  const N = Number(n);
  const options = { N, r: Number(r), p: Number(p), maxmem: 128 * N * Number(r) * 2 + 1024 * 1024 };
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, options);
  return timingSafeEqual(actual, expected);
}

/** A hash of a random password: used to spend the same time when the user does not exist. */
const dummyHashes = new Map<number, Promise<string>>();
export function dummyPasswordHash(cost: number = PARAMS.N): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) dummyHashes.set(cost, (hash = hashPassword(randomBytes(16).toString('hex'), cost)));
  return hash;
}

/** A readable random password for generated accounts (no look-alike characters). */
export function generatePassword(length = 16): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
