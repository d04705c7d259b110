import { channelContract } from '../../testing/channel-contract.ts';
import { startWechatChannelsSandbox } from '../../sandboxes/wechat-channels.ts';
import { WechatChannelsClient } from './client.ts';

channelContract({
  platform: 'wechat_channels',
  start: (o) => startWechatChannelsSandbox(o),
  client: (_sandbox, o) => new WechatChannelsClient({ ...o, shop: { channel: 'wechat', tag: '视频号小店', orderNoPrefix: 'WX' } }),
  // WeChat signs nothing: a wrong app secret is refused when the access_token is asked for.
  badCredentials: (c) => ({ ...c, appSecret: 'wrong-secret' }),
  badSignatureCode: 40125,
});
