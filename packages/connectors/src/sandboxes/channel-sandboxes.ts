import type { ChannelPlatform } from '../channels/channel-order.ts';
import type { ChannelSandbox } from './channel-sandbox.ts';
import { startDouyinSandbox } from './douyin.ts';
import { startJdSandbox } from './jd.ts';
import { startPddSandbox } from './pdd.ts';
import { startTaobaoSandbox } from './taobao.ts';
import { startWechatChannelsSandbox } from './wechat-channels.ts';

/** Fixed ports for `npm start`, so the template's gateways point at them. */
export const CHANNEL_SANDBOX_PORTS: Record<ChannelPlatform, number> = { taobao: 4101, jd: 4102, pdd: 4103, wechat_channels: 4104, douyin: 4105 };

export interface ChannelSandboxes {
  readonly sandboxes: Record<ChannelPlatform, ChannelSandbox>;
  /** The gateway URL of each platform (what a connector's `config.gateway` must be). */
  readonly gateways: Record<ChannelPlatform, string>;
  /** The credentials each sandbox accepts (store them with the server's credential store). */
  readonly credentials: Record<ChannelPlatform, Record<string, string>>;
  /** Stops the demo flow and the servers. */
  close(): Promise<void>;
}

export interface StartChannelSandboxesOptions {
  /** Default CHANNEL_SANDBOX_PORTS; 0 for free ports (tests). */
  ports?: Partial<Record<ChannelPlatform, number>>;
  platforms?: ChannelPlatform[];
  /**
   * Demo mode: every `tickMs` each shop gets new orders and moves some along (paid, shipped,
   * signed, cancelled, refunded), so `npm start` shows a steady flow. Off when omitted.
   */
  demo?: { ordersPerMinute?: number; tickMs?: number; backfill?: number };
  now?: () => number;
}

/**
 * Starts the five channel sandboxes (Taobao/Tmall, JD, Pinduoduo, WeChat Channels, Douyin) on
 * 127.0.0.1, optionally as demo shops producing a steady flow of orders.
 *
 * @example
 * const channels = await startChannelSandboxes({ demo: { ordersPerMinute: 12 } });
 * // channels.gateways.taobao === 'http://127.0.0.1:4101/router/rest'
 * await channels.close();
 */
export async function startChannelSandboxes(options: StartChannelSandboxesOptions = {}): Promise<ChannelSandboxes> {
  const platforms = options.platforms ?? (Object.keys(CHANNEL_SANDBOX_PORTS) as ChannelPlatform[]);
  const starters: Record<ChannelPlatform, (o: { port: number; now?: () => number }) => Promise<ChannelSandbox<never>>> = {
    taobao: (o) => startTaobaoSandbox(o) as Promise<ChannelSandbox<never>>,
    jd: (o) => startJdSandbox(o) as Promise<ChannelSandbox<never>>,
    pdd: (o) => startPddSandbox(o) as Promise<ChannelSandbox<never>>,
    wechat_channels: (o) => startWechatChannelsSandbox(o) as Promise<ChannelSandbox<never>>,
    douyin: (o) => startDouyinSandbox(o) as Promise<ChannelSandbox<never>>,
  };
  const sandboxes = {} as Record<ChannelPlatform, ChannelSandbox>;
  try {
    for (const p of platforms) {
      sandboxes[p] = (await starters[p]({ port: options.ports?.[p] ?? CHANNEL_SANDBOX_PORTS[p], ...(options.now ? { now: options.now } : {}) })) as unknown as ChannelSandbox;
    }
  } catch (err) {
    await Promise.all(Object.values(sandboxes).map((s) => s.close()));
    throw err;
  }
  let timer: NodeJS.Timeout | null = null;
  if (options.demo) {
    const perMinute = options.demo.ordersPerMinute ?? 12;
    const tickMs = options.demo.tickMs ?? 5000;
    for (const s of Object.values(sandboxes)) for (let i = 0; i < (options.demo.backfill ?? 20); i++) s.shop.create({ status: i % 3 === 0 ? 'unpaid' : 'paid' });
    let carry = 0;
    timer = setInterval(() => {
      carry += (perMinute * tickMs) / 60_000;
      const n = Math.floor(carry);
      carry -= n;
      for (const s of Object.values(sandboxes)) {
        for (let i = 0; i < n; i++) s.shop.create({ status: s.shop.random() < 0.3 ? 'unpaid' : 'paid' });
        s.shop.evolve(Math.max(1, Math.round(n / 2)));
      }
    }, tickMs);
    timer.unref();
  }
  const gateways = Object.fromEntries(Object.entries(sandboxes).map(([p, s]) => [p, s.gateway])) as Record<ChannelPlatform, string>;
  const credentials = Object.fromEntries(Object.entries(sandboxes).map(([p, s]) => [p, { ...s.credentials }])) as Record<ChannelPlatform, Record<string, string>>;
  return {
    sandboxes,
    gateways,
    credentials,
    close: async () => {
      if (timer) clearInterval(timer);
      await Promise.all(Object.values(sandboxes).map((s) => s.close()));
    },
  };
}
