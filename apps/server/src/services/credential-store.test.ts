import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, testStores, type TestStore } from '@statecraft/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialStore, loadSecretKey } from './credential-store.ts';

const now = new Date('2024-11-11T08:00:00.000Z');

describe('loadSecretKey', () => {
  it('reads STATECRAFT_SECRET_KEY as hex or base64, and refuses a wrong length', () => {
    const key = randomBytes(32);
    expect(loadSecretKey({ env: { STATECRAFT_SECRET_KEY: key.toString('hex') } })).toEqual(key);
    expect(loadSecretKey({ env: { STATECRAFT_SECRET_KEY: key.toString('base64') } })).toEqual(key);
    expect(() => loadSecretKey({ env: { STATECRAFT_SECRET_KEY: 'abcd' } })).toThrow(expect.objectContaining({ code: 'CREDENTIAL_KEY_INVALID' }));
  });

  it('generates a key file under the data dir once (mode 0600) and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-key-'));
    try {
      const first = loadSecretKey({ env: {}, dataDir: join(dir, 'data') });
      const file = join(dir, 'data', 'secret.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('hex'));
      expect(loadSecretKey({ env: {}, dataDir: join(dir, 'data') })).toEqual(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const dialect of await testStores()) {
  describe(`CredentialStore (${dialect})`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await openTestStore(dialect);
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('seals with AES-256-GCM: the row holds no secret, get() opens it, another key cannot', async () => {
      const key = randomBytes(32);
      const store = new CredentialStore(t.store.knex, { key });
      await store.set('oms', 'tmall_shop', { appKey: '12345678', appSecret: 'very-secret-value', session: 's' }, 'admin', now);
      const row = await t.store.knex('sc_connector_credential').where({ connector_id: 'tmall_shop' }).first();
      expect(JSON.stringify(row)).not.toContain('very-secret-value');
      expect(await store.get('oms', 'tmall_shop')).toEqual({ appKey: '12345678', appSecret: 'very-secret-value', session: 's' });
      expect(await store.describe('oms', 'tmall_shop')).toEqual({ fields: ['appKey', 'appSecret', 'session'], updatedAt: now.toISOString(), updatedBy: 'admin' });
      expect(await store.get('oms', 'nothing')).toBeNull();
      await expect(new CredentialStore(t.store.knex, { key: randomBytes(32) }).get('oms', 'tmall_shop')).rejects.toMatchObject({ code: 'CREDENTIAL_UNREADABLE' });
    });

    it('binds the sealed value to its connector: moved to another connector, it does not open', async () => {
      const store = new CredentialStore(t.store.knex, { key: Buffer.alloc(32, 9) });
      await store.set('oms', 'a', { secret: 'one' }, null, now);
      await store.set('oms', 'b', { secret: 'two' }, null, now);
      const a = await t.store.knex('sc_connector_credential').where({ connector_id: 'a' }).first();
      await t.store.knex('sc_connector_credential').where({ connector_id: 'b' }).update({ sealed: a.sealed });
      await expect(store.get('oms', 'b')).rejects.toMatchObject({ code: 'CREDENTIAL_UNREADABLE' });
    });
  });
}
