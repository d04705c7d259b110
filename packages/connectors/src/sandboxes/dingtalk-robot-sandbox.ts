import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { DEMO_MESSENGER_CREDENTIALS } from '../messengers/messenger-credentials.ts';
import { closeServer, listenJson, MinuteWindow, type DownMode } from './robot-sandbox-http.ts';

/** One call the DingTalk sandbox accepted. */
export interface DingTalkReceived {
  at: number;
  timestamp: number;
  msgtype: string;
  title: string | null;
  text: string;
  atMobiles: string[];
}

export interface DingTalkSandboxOptions {
  port?: number;
  accessToken?: string;
  secret?: string;
  /** Messages a minute before the robot is throttled (20). */
  limit?: number;
  /** How long it stays throttled (10 minutes). */
  throttleMs?: number;
  /** The sandbox's clock, ms since epoch (tests inject one). */
  clock?: () => number;
}

/**
 * A stand-in for DingTalk's custom robot (`POST /robot/send?access_token&timestamp&sign`): it
 * checks the token and the HMAC-SHA256 signature (timestamp within an hour), answers like
 * DingTalk (HTTP 200, `errcode`), throttles a robot past 20 messages a minute for 10 minutes
 * (errcode 130101), records what it accepted, and can be told to go down.
 *
 * @example
 * const robot = await startDingTalkSandbox({ port: 0 });
 * // … send through DingTalkRobot at robot.url + '/robot/send'
 * robot.received.length; await robot.close();
 */
export async function startDingTalkSandbox(options: DingTalkSandboxOptions = {}): Promise<DingTalkSandbox> {
  const sandbox = new DingTalkSandbox(options);
  await sandbox.listen(options.port ?? 4020);
  return sandbox;
}

export class DingTalkSandbox {
  readonly received: DingTalkReceived[] = [];
  /** Calls refused, by errcode (310000 bad sign, 300001 bad token, 130101 throttled). */
  readonly refused: { at: number; errcode: number }[] = [];
  url = '';
  private server: Server | null = null;
  private down: DownMode | null = null;
  private throttledUntil = 0;
  private readonly window: MinuteWindow;
  private readonly clock: () => number;
  private readonly token: string;
  private readonly secret: string;
  private readonly throttleMs: number;

  constructor(options: DingTalkSandboxOptions) {
    this.clock = options.clock ?? Date.now;
    this.token = options.accessToken ?? DEMO_MESSENGER_CREDENTIALS.dingtalk.accessToken;
    this.secret = options.secret ?? DEMO_MESSENGER_CREDENTIALS.dingtalk.secret;
    this.window = new MinuteWindow(options.limit ?? 20);
    this.throttleMs = options.throttleMs ?? 10 * 60_000;
  }

  /** The robot's webhook for connector configs. */
  get webhook(): string {
    return `${this.url}/robot/send`;
  }

  async listen(port: number): Promise<void> {
    const { server, url } = await listenJson(port, (req, u, body) => this.handle(req.method ?? 'GET', u, body));
    this.server = server;
    this.url = url;
  }

  /** Makes the robot unreachable (503 or a reset connection) until `up()`. */
  goDown(mode: DownMode = 'http503'): void {
    this.down = mode;
  }

  up(): void {
    this.down = null;
  }

  private refuse(errcode: number, errmsg: string) {
    this.refused.push({ at: this.clock(), errcode });
    return { status: 200, json: { errcode, errmsg } };
  }

  private handle(method: string, u: URL, body: string) {
    if (this.down === 'reset') return 'reset' as const;
    if (this.down === 'http503') return { status: 503, json: { errcode: -1, errmsg: 'service unavailable (sandbox down)' } };
    if (method !== 'POST' || u.pathname !== '/robot/send') return { status: 404, json: { errcode: 404, errmsg: 'not found' } };
    const now = this.clock();
    if (u.searchParams.get('access_token') !== this.token) return this.refuse(300001, 'token is not exist');
    const timestamp = Number(u.searchParams.get('timestamp'));
    const sign = u.searchParams.get('sign') ?? '';
    const expected = createHmac('sha256', this.secret).update(`${timestamp}\n${this.secret}`).digest('base64');
    if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > 3_600_000 || sign !== expected) {
      return this.refuse(310000, 'sign not match, more: [https://open.dingtalk.com/document/robots/customize-robot-security-settings]');
    }
    if (now < this.throttledUntil) return this.refuse(130101, 'send too fast, exceed 20 times per minute');
    if (!this.window.admit(now)) {
      this.throttledUntil = now + this.throttleMs;
      return this.refuse(130101, 'send too fast, exceed 20 times per minute');
    }
    let msg: { msgtype?: string; text?: { content?: string }; markdown?: { title?: string; text?: string }; at?: { atMobiles?: string[] } };
    try {
      msg = JSON.parse(body);
    } catch {
      return this.refuse(40035, 'invalid json');
    }
    const text = msg.msgtype === 'markdown' ? msg.markdown?.text : msg.text?.content;
    if ((msg.msgtype !== 'markdown' && msg.msgtype !== 'text') || typeof text !== 'string') return this.refuse(40035, 'param error: msgtype');
    this.received.push({ at: now, timestamp, msgtype: msg.msgtype, title: msg.markdown?.title ?? null, text, atMobiles: msg.at?.atMobiles ?? [] });
    return { status: 200, json: { errcode: 0, errmsg: 'ok' } };
  }

  async close(): Promise<void> {
    if (this.server) await closeServer(this.server);
    this.server = null;
  }
}
