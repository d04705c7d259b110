// Sandboxes: local servers that speak the platforms' APIs, for tests and `npm start`.

// Messenger sandboxes
export { startMessengerSandboxes, MESSENGER_SANDBOX_PORTS, type MessengerSandboxes } from './messenger-sandboxes.ts';
export { startDingTalkSandbox, DingTalkSandbox, type DingTalkReceived, type DingTalkSandboxOptions } from './dingtalk-robot-sandbox.ts';
export { startWeComSandbox, WeComSandbox, type WeComReceived, type WeComSandboxOptions } from './wecom-robot-sandbox.ts';
export { startSmtpSink, SmtpSink, type SinkMail, type SmtpSinkOptions } from './smtp-sink.ts';
export type { DownMode } from './robot-sandbox-http.ts';

// Channel sandboxes (Taobao/Tmall TOP, JD JOS, Pinduoduo, WeChat Channels shop, Douyin shop)
export { startChannelSandboxes, CHANNEL_SANDBOX_PORTS, type ChannelSandboxes, type StartChannelSandboxesOptions } from './channel-sandboxes.ts';
export { startTaobaoSandbox } from './taobao.ts';
export { startJdSandbox } from './jd.ts';
export { startPddSandbox, PDD_INDEX_LAG_MS } from './pdd.ts';
export { startWechatChannelsSandbox } from './wechat-channels.ts';
export { startDouyinSandbox } from './douyin.ts';
export type { ChannelSandbox, ChannelSandboxOptions } from './channel-sandbox.ts';
export { SandboxShop, SANDBOX_CATALOG, type SandboxOrder, type SandboxStatus, type SandboxRefund } from './sandbox-shop.ts';
export { SandboxFaults, SANDBOX_FAULTS, type SandboxFault } from './sandbox-faults.ts';
export { seededRandom } from './sandbox-random.ts';

// WMS sandbox (stock by SKU list, order push with pick numbers; can be told to fail or time out)
export { startWmsSandbox, WmsSandbox, WMS_SANDBOX_PORT, type WmsSandboxOptions, type WmsSandboxMode, type WmsSandboxOrder } from './wms.ts';
