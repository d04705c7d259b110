import type { Server } from 'node:http';
import { DEMO_MESSENGER_CREDENTIALS } from '../messengers/messenger-credentials.ts';
import { closeServer, listenJson, MinuteWindow, type DownMode } from './robot-sandbox-http.ts';

export interface WeComReceived {
  at: number;
  msgtype: string;
  content: string;
  mentionedMobiles: string[];
}

export interface WeComSandboxOptions {
  port?: number;
  key?: string;
  limit?: number;
  clock?: () => number;
}

/**
 * A stand-in for the WeCom group robot (`POST /cgi-bin/webhook/send?key=KEY`): checks the key
 * (93000), the size of text (2,048 bytes) and markdown (4,096 bytes) contents (40058), refuses
 * past 20 messages a minute (45009), records what it accepted, and can be told to go down.
 *
 * @example const robot = await startWeComSandbox({ port: 0 }); robot.webhook // http://127.0.0.1:…/cgi-bin/webhook/send
 */
export async function startWeComSandbox(options: WeComSandboxOptions = {}): Promise<WeComSandbox> {
  const sandbox = new WeComSandbox(options);
  await sandbox.listen(options.port ?? 4021);
  return sandbox;
}

export class WeComSandbox {
  readonly received: WeComReceived[] = [];
  readonly refused: { at: number; errcode: number }[] = [];
  url = '';
  private server: Server | null = null;
  private down: DownMode | null = null;
  private readonly window: MinuteWindow;
  private readonly clock: () => number;
  private readonly key: string;

  constructor(options: WeComSandboxOptions) {
    this.clock = options.clock ?? Date.now;
    this.key = options.key ?? DEMO_MESSENGER_CREDENTIALS.wecom.key;
    this.window = new MinuteWindow(options.limit ?? 20);
  }

  get webhook(): string {
    return `${this.url}/cgi-bin/webhook/send`;
  }

  async listen(port: number): Promise<void> {
    const { server, url } = await listenJson(port, (req, u, body) => this.handle(req.method ?? 'GET', u, body));
    this.server = server;
    this.url = url;
  }

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
    if (this.down === 'http503') return { status: 503, json: { errcode: -1, errmsg: 'system busy (sandbox down)' } };
    if (method !== 'POST' || u.pathname !== '/cgi-bin/webhook/send') return { status: 404, json: { errcode: 404, errmsg: 'not found' } };
    if (u.searchParams.get('key') !== this.key) return this.refuse(93000, 'invalid webhook url, hint: [sandbox]');
    let msg: { msgtype?: string; text?: { content?: string; mentioned_mobile_list?: string[] }; markdown?: { content?: string } };
    try {
      msg = JSON.parse(body);
    } catch {
      return this.refuse(40016, 'invalid json');
    }
    const content = msg.msgtype === 'markdown' ? msg.markdown?.content : msg.msgtype === 'text' ? msg.text?.content : undefined;
    if (typeof content !== 'string') return this.refuse(40008, 'invalid message type');
    if (Buffer.byteLength(content, 'utf8') > (msg.msgtype === 'markdown' ? 4096 : 2048)) return this.refuse(40058, 'content exceed max length');
    const now = this.clock();
    if (!this.window.admit(now)) return this.refuse(45009, 'api freq out of limit');
    const mentioned = msg.msgtype === 'text' ? (msg.text?.mentioned_mobile_list ?? []) : [...content.matchAll(/<@(\d+)>/g)].map((m) => m[1]!);
    this.received.push({ at: now, msgtype: msg.msgtype!, content, mentionedMobiles: mentioned });
    return { status: 200, json: { errcode: 0, errmsg: 'ok' } };
  }

  async close(): Promise<void> {
    if (this.server) await closeServer(this.server);
    this.server = null;
  }
}
