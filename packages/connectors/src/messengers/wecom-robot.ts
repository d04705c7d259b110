import { MessengerError } from './messenger-error.ts';
import { truncateUtf8, type FetchLike, type Messenger, type MessengerMessage } from './messenger.ts';
import { postRobot } from './robot-post.ts';

export const WECOM_RATE_LIMITED = 45009;
export const WECOM_BAD_KEY = 93000;
export const WECOM_MARKDOWN_MAX_BYTES = 4096;

export interface WeComRobotOptions {
  /** The webhook, e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send (or the sandbox's). */
  url: string;
  key: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

/**
 * A WeCom group robot (企业微信群机器人): markdown messages of at most 4,096 bytes, `<@mobile>`
 * mentions; 45009 (too many calls) is retryable after a minute, 93000 (bad key) is permanent.
 *
 * @example await new WeComRobot({ url, key }).send({ title: '地址相似', text: '订单 SO1 …' });
 */
export class WeComRobot implements Messenger {
  readonly platform = 'wecom' as const;
  constructor(private readonly options: WeComRobotOptions) {}

  async send(message: MessengerMessage): Promise<void> {
    const mentions = (message.mentionMobiles ?? []).map((m) => `<@${m}>`).join(' ');
    const content = truncateUtf8(`**${message.title}**\n${message.text}${mentions ? `\n${mentions}` : ''}`, WECOM_MARKDOWN_MAX_BYTES);
    const u = new URL(this.options.url);
    u.searchParams.set('key', this.options.key);
    const answer = await postRobot(this.options.fetch ?? (fetch as unknown as FetchLike), u.toString(), { msgtype: 'markdown', markdown: { content } }, this.options.timeoutMs ?? 10_000, 'WeCom');
    const code = answer.errcode ?? 0;
    if (code === 0) return;
    if (code === WECOM_RATE_LIMITED) throw new MessengerError('MESSENGER_THROTTLED', `WeCom robot is rate limited (errcode ${code}: ${answer.errmsg}); will retry after a minute.`, false, 60_000, code);
    if (code === -1) throw new MessengerError('MESSENGER_UNAVAILABLE', `WeCom is busy (errcode -1); will retry.`, false, undefined, code);
    if (code === WECOM_BAD_KEY) throw new MessengerError('MESSENGER_REJECTED', `WeCom refused the robot key (errcode ${code}: ${answer.errmsg}): check the robot key in the server's environment.`, true, undefined, code);
    throw new MessengerError('MESSENGER_REJECTED', `WeCom refused the message (errcode ${code}: ${answer.errmsg}).`, true, undefined, code);
  }
}
