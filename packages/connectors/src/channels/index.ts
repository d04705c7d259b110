// Channel connectors: one folder per platform (client, signing, paging strategy, error classification, mapping).
export { CHANNEL_PLATFORMS, PLATFORM_DEFAULTS, eventsFor, isNewer, progressOf, type ChannelPlatform, type ChannelOrder, type ChannelOrderData, type ChannelOrderLine, type ChannelOrderState, type ChannelRefundState, type ShopLabel } from './channel-order.ts';
export type { ChannelClient, ChannelClientOptions, ChannelLimits, MappingOverrides, TimeWindow, WindowPull } from './channel-client.ts';
export { ChannelError, isChannelError, CHANNEL_ERROR_CODES, type ChannelErrorKind } from './channel-error.ts';
export type { HttpOptions } from './http-call.ts';
export { yuanToFen, fenToYuan } from './money.ts';
export { formatChinaTime, parseChinaTime } from './china-time.ts';
export { createChannelClient, type ChannelCredentials } from './create-channel-client.ts';
export { TaobaoClient, TAOBAO_LIMITS, type TaobaoCredentials } from './taobao/client.ts';
export { JdClient, JD_LIMITS, type JdCredentials } from './jd/client.ts';
export { PddClient, PDD_LIMITS, type PddCredentials } from './pdd/client.ts';
export { WechatChannelsClient, WECHAT_LIMITS, type WechatCredentials } from './wechat_channels/client.ts';
export { DouyinClient, DOUYIN_LIMITS, type DouyinCredentials } from './douyin/client.ts';
export { DEMO_CHANNEL_CREDENTIALS } from './demo-credentials.ts';
