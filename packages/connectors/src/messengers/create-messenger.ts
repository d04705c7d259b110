import { DingTalkRobot } from './dingtalk-robot.ts';
import type { MessengerConfig, MessengerPlatform } from './messenger-config.ts';
import type { MessengerCredentials } from './messenger-credentials.ts';
import type { FetchLike, Messenger } from './messenger.ts';
import { SmtpMailer } from './smtp-mailer.ts';
import { WeComRobot } from './wecom-robot.ts';

/**
 * The client for a messenger connector, from its checked config and its credentials.
 *
 * @example
 * const config = parseMessengerConfig(c.id, c.platform, c.config);
 * const messenger = createMessenger(config, messengerCredentials(c.id, config.platform, process.env, config));
 */
export function createMessenger(config: MessengerConfig & { platform: MessengerPlatform }, credentials: MessengerCredentials, options: { fetch?: FetchLike; clock?: () => number } = {}): Messenger {
  switch (config.platform) {
    case 'dingtalk':
      return new DingTalkRobot({ url: config.url!, accessToken: credentials.accessToken!, secret: credentials.secret!, ...options });
    case 'wecom':
      return new WeComRobot({ url: config.url!, key: credentials.key!, ...(options.fetch ? { fetch: options.fetch } : {}) });
    case 'smtp':
      return new SmtpMailer({
        host: config.host!,
        port: config.port!,
        from: config.from!,
        to: config.to!,
        ...(config.secure !== undefined ? { secure: config.secure } : {}),
        ...(config.user ? { user: config.user } : {}),
        ...(credentials.password ? { password: credentials.password } : {}),
      });
  }
}
