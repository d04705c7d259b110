import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Store } from '@statecraft/store';

type Knex = Store['knex'];
import { AppError } from '../app-error.ts';

/** Where the 32-byte key comes from: given (tests), STATECRAFT_SECRET_KEY, or a key file under the data dir. */
export interface SecretKeyOptions {
  key?: Buffer;
  env?: NodeJS.ProcessEnv;
  /** Default STATECRAFT_DATA_DIR or ./data; the key file is <dataDir>/secret.key (mode 0600). */
  dataDir?: string;
}

/**
 * Reads the credential key: STATECRAFT_SECRET_KEY (64 hex digits or base64 of 32 bytes), or the
 * key file under the data dir, generated on first use. Losing the key file means re-entering the
 * connector credentials, nothing else.
 *
 * @example const key = loadSecretKey({ env: process.env });
 */
export function loadSecretKey(options: SecretKeyOptions = {}): Buffer {
  if (options.key) return options.key;
  const env = options.env ?? process.env;
  const text = env.STATECRAFT_SECRET_KEY?.trim();
  if (text) {
    const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    if (key.length !== 32) {
      throw new AppError('CREDENTIAL_KEY_INVALID', 500, 'STATECRAFT_SECRET_KEY must be 32 bytes: 64 hex digits or base64.', { hint: 'Generate one with: openssl rand -hex 32' });
    }
    return key;
  }
  const file = join(options.dataDir ?? env.STATECRAFT_DATA_DIR ?? './data', 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

/**
 * Connector credentials (app keys, secrets, seller tokens, webhook secrets), sealed with
 * AES-256-GCM in sc_connector_credential. The API only sets them and says which fields are
 * stored; they are never returned and never part of a definition export.
 *
 * @example await credentials.set('ecommerce_oms', 'tmall_shop', { appKey, appSecret, session }, 'admin');
 */
export class CredentialStore {
  private key: Buffer | null = null;

  constructor(
    private readonly knex: Knex,
    private readonly keyOptions: SecretKeyOptions = {},
  ) {}

  private secretKey(): Buffer {
    // Loaded on first use: a server without channel credentials never creates a key file.
    this.key ??= loadSecretKey(this.keyOptions);
    return this.key;
  }

  private keyId(): string {
    return createHash('sha256').update(this.secretKey()).digest('hex').slice(0, 12);
  }

  /** Seals `values` for (app, connector); replaces what was stored. */
  async set(appId: string, connectorId: string, values: Record<string, string>, actor: string | null, now: Date): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secretKey(), iv);
    cipher.setAAD(Buffer.from(`${appId}/${connectorId}`));
    const body = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    await this.knex('sc_connector_credential')
      .insert({ app_id: appId, connector_id: connectorId, sealed, key_id: this.keyId(), updated_at: now.toISOString(), updated_by: actor })
      .onConflict(['app_id', 'connector_id'])
      .merge(['sealed', 'key_id', 'updated_at', 'updated_by']);
  }

  /** The decrypted credentials, or null when none are stored. */
  async get(appId: string, connectorId: string): Promise<Record<string, string> | null> {
    const row = await this.knex('sc_connector_credential').where({ app_id: appId, connector_id: connectorId }).first('sealed');
    if (!row) return null;
    const raw = Buffer.from(String(row.sealed), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.secretKey(), raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(`${appId}/${connectorId}`));
      decipher.setAuthTag(raw.subarray(12, 28));
      return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
    } catch (cause) {
      throw new AppError('CREDENTIAL_UNREADABLE', 500, `The stored credentials of connector "${connectorId}" cannot be decrypted with the current key.`, {
        hint: 'The secret key changed (STATECRAFT_SECRET_KEY or <data dir>/secret.key). Restore it, or set the credentials again.',
        cause,
      });
    }
  }

  /** Which fields are stored and when (never the values). */
  async describe(appId: string, connectorId: string): Promise<{ fields: string[]; updatedAt: string; updatedBy: string | null } | null> {
    const row = await this.knex('sc_connector_credential').where({ app_id: appId, connector_id: connectorId }).first('updated_at', 'updated_by');
    if (!row) return null;
    const values = await this.get(appId, connectorId);
    return { fields: Object.keys(values ?? {}).sort(), updatedAt: String(row.updated_at), updatedBy: (row.updated_by as string | null) ?? null };
  }
}
