import { MessengerError } from './messenger-error.ts';
import type { MessengerPlatform } from './messenger-config.ts';

/** The secrets of one messenger connector. Never part of a definition. */
export interface MessengerCredentials {
  /** DingTalk access_token. */
  accessToken?: string;
  /** DingTalk signing secret (SEC…). */
  secret?: string;
  /** WeCom robot key. */
  key?: string;
  /** SMTP password. */
  password?: string;
}

/** The credentials the sandboxes accept, public on purpose: demo and tests only. */
export const DEMO_MESSENGER_CREDENTIALS = {
  dingtalk: { accessToken: 'demo-dingtalk-token', secret: 'SECdemo0dingtalk0robot0signing0secret' },
  wecom: { key: 'demo-wecom-key-0000-0000-000000000000' },
  smtp: { user: 'oms', password: 'demo-smtp-password' },
} as const;

const envName = (connector: string, what: string) => `STATECRAFT_MESSENGER_${connector.toUpperCase()}_${what}`;

/**
 * A messenger connector's credentials, from the server's environment:
 * `STATECRAFT_MESSENGER_<CONNECTOR>_TOKEN` and `_SECRET` (DingTalk), `_KEY` (WeCom),
 * `_PASSWORD` (SMTP). A connector marked `sandbox` falls back to the demo credentials the
 * sandboxes accept. Missing credentials are a permanent `MESSENGER_NO_CREDENTIALS` error.
 *
 * @example messengerCredentials('ops_dingtalk', 'dingtalk', process.env, { sandbox: true })
 */
export function messengerCredentials(connector: string, platform: MessengerPlatform, env: Record<string, string | undefined>, options: { sandbox?: boolean } = {}): MessengerCredentials {
  const read = (what: string) => env[envName(connector, what)] || undefined;
  const need = (names: string[]): never => {
    throw new MessengerError('MESSENGER_NO_CREDENTIALS', `Messenger connector "${connector}" has no credentials: set ${names.map((n) => envName(connector, n)).join(' and ')} in the server's environment.`, true);
  };
  if (platform === 'dingtalk') {
    const accessToken = read('TOKEN') ?? (options.sandbox ? DEMO_MESSENGER_CREDENTIALS.dingtalk.accessToken : undefined);
    const secret = read('SECRET') ?? (options.sandbox ? DEMO_MESSENGER_CREDENTIALS.dingtalk.secret : undefined);
    if (!accessToken || !secret) need(['TOKEN', 'SECRET']);
    return { accessToken: accessToken!, secret: secret! };
  }
  if (platform === 'wecom') {
    const key = read('KEY') ?? (options.sandbox ? DEMO_MESSENGER_CREDENTIALS.wecom.key : undefined);
    if (!key) need(['KEY']);
    return { key: key! };
  }
  const password = read('PASSWORD') ?? (options.sandbox ? DEMO_MESSENGER_CREDENTIALS.smtp.password : undefined);
  return password ? { password } : {};
}
