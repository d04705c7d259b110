import type { FastifyBaseLogger } from 'fastify';
import {
  startChannelSandboxes,
  startMessengerSandboxes,
  startWmsSandbox,
  WMS_SANDBOX_PORT,
  type ChannelSandboxes,
  type MessengerSandboxes,
  type WmsSandbox,
} from '@statecraft/connectors/sandboxes';
import { seed } from '@statecraft/template-oms';

/** The local stand-ins for the platforms this machine cannot reach, as `npm start` runs them. */
export interface RunningSandboxes {
  wms: WmsSandbox | null;
  messengers: MessengerSandboxes | null;
  channels: ChannelSandboxes | null;
  /** One line each, for the start-up banner. */
  describe(): string[];
  close(): Promise<void>;
}

async function optional<T>(skip: boolean, start: () => Promise<T>, log: FastifyBaseLogger, what: string): Promise<T | null> {
  if (skip) return null;
  try {
    return await start();
  } catch (err) {
    // A busy port (another Statecraft running?) must not stop the product: the work waits in the outbox.
    log.warn({ err }, `${what} not started`);
    return null;
  }
}

/**
 * Starts the sandboxes the template's connectors point at, each skippable by its variable:
 * the WMS on 4010 (STATECRAFT_WMS_SANDBOX=0) holding the template's starting stock, the
 * DingTalk/WeCom robots and the SMTP sink on 4020/4021/4025 (STATECRAFT_MESSENGER_SANDBOXES=0),
 * and the five marketplaces on 4101–4105 as demo shops with a steady flow of orders
 * (STATECRAFT_CHANNEL_SANDBOXES=0). A sandbox whose port is busy is logged and skipped.
 *
 * @example const sandboxes = await startSandboxes(process.env, app.log); … await sandboxes.close();
 */
export async function startSandboxes(env: NodeJS.ProcessEnv, log: FastifyBaseLogger): Promise<RunningSandboxes> {
  const stock = Object.fromEntries((seed.stock ?? []).filter((s) => (s.warehouse ?? 'main') === 'main').map((s) => [s.sku_code, s.on_hand]));
  const wms = await optional(env.STATECRAFT_WMS_SANDBOX === '0', () => startWmsSandbox({ port: WMS_SANDBOX_PORT, stock }), log, `WMS sandbox (port ${WMS_SANDBOX_PORT} busy?)`);
  const messengers = await optional(env.STATECRAFT_MESSENGER_SANDBOXES === '0', () => startMessengerSandboxes(), log, 'messenger sandboxes (ports 4020, 4021, 4025 busy?)');
  const channels = await optional(env.STATECRAFT_CHANNEL_SANDBOXES === '0', () => startChannelSandboxes({ demo: { ordersPerMinute: 12 } }), log, 'channel sandboxes (ports 4101-4105 busy?)');
  return {
    wms,
    messengers,
    channels,
    describe: () => [
      ...(wms ? [`  WMS sandbox:         ${wms.url}`] : []),
      ...(messengers ? [`  Messenger sandboxes: DingTalk ${messengers.dingtalk.url}, WeCom ${messengers.wecom.url}, SMTP 127.0.0.1:${messengers.smtp.port}`] : []),
      ...(channels ? ['  Channel sandboxes (demo shops): Taobao, JD, PDD, WeChat Channels, Douyin on 127.0.0.1:4101-4105'] : []),
    ],
    async close() {
      await Promise.all([wms?.close(), messengers?.close(), channels?.close()]);
    },
  };
}
