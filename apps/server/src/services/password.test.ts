import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from './password.ts';
import { newSecret } from './secret-token.ts';

describe('passwords', () => {
  it('hashes with a per-user salt and verifies', async () => {
    const a = await hashPassword('开心-s3cret');
    const b = await hashPassword('开心-s3cret');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword('开心-s3cret', a)).toBe(true);
    expect(await verifyPassword('wrong', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });

  it('keeps the cost in the hash, so a cheaper one still verifies', async () => {
    const cheap = await hashPassword('pw', 1024);
    expect(cheap.startsWith('scrypt$1024$')).toBe(true);
    expect(await verifyPassword('pw', cheap)).toBe(true);
  });

  it('generates readable random passwords and secrets', () => {
    const p = generatePassword();
    expect(p).toMatch(/^[a-zA-Z2-9]{16}$/);
    expect(generatePassword()).not.toBe(p);
    expect(newSecret('sct_')).toMatch(/^sct_[A-Za-z0-9_-]{43}$/);
  });
});
