import { createHmac } from 'node:crypto';
import { MessengerError } from './messenger-error.ts';
import { truncateUtf8, type FetchLike, type Messenger, type MessengerMessage } from './messenger.ts';
import { postRobot } from './robot-post.ts';

/** DingTalk answers "send too fast": the robot is throttled for 10 minutes. */
export const DINGTALK_THROTTLED = 130101;
/** Signature, keyword or IP allow-list refused. */
export const DINGTALK_SIGN_ERROR = 310000;
/** Unknown access_token. */
export const DINGTALK_BAD_TOKEN = 300001;
export const DINGTALK_THROTTLE_MS = 10 * 60_000;

/**
 * The signature of a DingTalk custom robot call:
 * `urlencode(base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)))`.
 *
 * @example dingtalkSign('SEC…', 1735689600000) // → 'k0V5%2B…%3D'
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return encodeURIComponent(digest);
}

export interface DingTalkRobotOptions {
  /** The webhook, e.g. https://oapi.dingtalk.com/robot/send (or the sandbox's). */
  url: string;
  accessToken: string;
  /** The robot's signing secret (加签), `SEC…`. */
  secret: string;
  fetch?: FetchLike;
  /** Milliseconds since the epoch, for the signature's timestamp. */
  clock?: () => number;
  timeoutMs?: number;
}

/**
 * A DingTalk custom robot (自定义机器人) with signing: sends markdown messages and maps the
 * platform's answers to retryable or permanent `MessengerError`s.
 *
 * @example
 * const robot = new DingTalkRobot({ url: 'http://127.0.0.1:4020/robot/send', accessToken, secret });
 * await robot.send({ title: '库存不足', text: '订单 SO1 缺货，已暂停发货' });
 */
export class DingTalkRobot implements Messenger {
  readonly platform = 'dingtalk' as const;
  constructor(private readonly options: DingTalkRobotOptions) {}

  /** The signed URL for one call. */
  signedUrl(timestampMs: number): string {
    const u = new URL(this.options.url);
    u.searchParams.set('access_token', this.options.accessToken);
    u.searchParams.set('timestamp', String(timestampMs));
    // The signature is already URL-encoded, as DingTalk's docs build it; do not encode twice.
    return `${u.toString()}&sign=${dingtalkSign(this.options.secret, timestampMs)}`;
  }

  async send(message: MessengerMessage): Promise<void> {
    const mentions = message.mentionMobiles ?? [];
    const text = truncateUtf8(`#### ${message.title}\n\n${message.text}${mentions.length ? `\n\n${mentions.map((m) => `@${m}`).join(' ')}` : ''}`, 18_000);
    const body = { msgtype: 'markdown', markdown: { title: message.title, text }, at: { atMobiles: mentions, isAtAll: false } };
    const now = (this.options.clock ?? Date.now)();
    const answer = await postRobot(this.options.fetch ?? (fetch as unknown as FetchLike), this.signedUrl(now), body, this.options.timeoutMs ?? 10_000, 'DingTalk');
    const code = answer.errcode ?? 0;
    if (code === 0) return;
    if (code === DINGTALK_THROTTLED) {
      throw new MessengerError('MESSENGER_THROTTLED', `DingTalk robot is throttled (errcode ${code}: ${answer.errmsg}); it accepts messages again after 10 minutes.`, false, DINGTALK_THROTTLE_MS, code);
    }
    if (code === DINGTALK_SIGN_ERROR || code === DINGTALK_BAD_TOKEN) {
      throw new MessengerError('MESSENGER_REJECTED', `DingTalk refused the robot call (errcode ${code}: ${answer.errmsg}): check the robot's access token and signing secret in the server's environment.`, true, undefined, code);
    }
    if (code === -1) throw new MessengerError('MESSENGER_UNAVAILABLE', `DingTalk is busy (errcode -1: ${answer.errmsg}); will retry.`, false, undefined, code);
    throw new MessengerError('MESSENGER_REJECTED', `DingTalk refused the message (errcode ${code}: ${answer.errmsg}).`, true, undefined, code);
  }
}
