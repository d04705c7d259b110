import { MessengerError } from './messenger-error.ts';

/** The platforms a messenger connector may use. */
export const MESSENGER_PLATFORMS = ['dingtalk', 'wecom', 'smtp'] as const;
export type MessengerPlatform = (typeof MESSENGER_PLATFORMS)[number];

/**
 * A messenger connector's `config` in the definition. No secrets: tokens, keys and passwords
 * come from the server's environment (see `messengerCredentials`).
 */
export interface MessengerConfig {
  /** Robot webhook URL (dingtalk, wecom). */
  url?: string;
  /** SMTP host and port (smtp). */
  host?: string;
  port?: number;
  secure?: boolean;
  /** SMTP login name (not a secret; the password is). */
  user?: string;
  from?: string;
  to?: string[];
  /** Mobile numbers to @-mention in the group. */
  mentionMobiles?: string[];
  /** Messages a minute the robot accepts (default 20). */
  ratePerMinute?: number;
  /** The connector talks to a Statecraft sandbox: without credentials in the environment, the demo ones are used. */
  sandbox?: boolean;
}

function fail(connector: string, what: string): never {
  throw new MessengerError('MESSENGER_CONFIG', `Messenger connector "${connector}": ${what}. Fix its "config" in the definition.`, true);
}

/**
 * Checks a messenger connector's config and returns it typed; throws a permanent
 * `MESSENGER_CONFIG` error naming what is wrong.
 *
 * @example parseMessengerConfig('ops_dingtalk', 'dingtalk', { url: 'http://127.0.0.1:4020/robot/send', sandbox: true })
 */
export function parseMessengerConfig(connector: string, platform: string, raw: unknown): MessengerConfig & { platform: MessengerPlatform } {
  if (!(MESSENGER_PLATFORMS as readonly string[]).includes(platform)) fail(connector, `platform "${platform}" is not a messenger (use ${MESSENGER_PLATFORMS.join(', ')})`);
  const c = (raw ?? {}) as MessengerConfig;
  if (typeof c !== 'object' || Array.isArray(c)) fail(connector, 'config must be an object');
  if (platform !== 'smtp') {
    if (typeof c.url !== 'string' || !/^https?:\/\//.test(c.url)) fail(connector, '"url" must be the robot webhook URL (http or https)');
  } else {
    if (typeof c.host !== 'string' || !c.host) fail(connector, '"host" must name the SMTP server');
    if (!Number.isInteger(c.port) || c.port! < 1 || c.port! > 65535) fail(connector, '"port" must be a port number');
    if (typeof c.from !== 'string' || !c.from.includes('@')) fail(connector, '"from" must be an e-mail address');
    if (!Array.isArray(c.to) || c.to.length === 0 || c.to.some((t) => typeof t !== 'string' || !t.includes('@'))) fail(connector, '"to" must list at least one e-mail address');
  }
  if (c.ratePerMinute !== undefined && (!Number.isInteger(c.ratePerMinute) || c.ratePerMinute < 1 || c.ratePerMinute > 600)) fail(connector, '"ratePerMinute" must be a whole number from 1 to 600');
  return { ...c, platform: platform as MessengerPlatform };
}
