import { channelContract } from '../../testing/channel-contract.ts';
import { startDouyinSandbox } from '../../sandboxes/douyin.ts';
import { DouyinClient } from './client.ts';

channelContract({
  platform: 'douyin',
  start: (o) => startDouyinSandbox(o),
  client: (_sandbox, o) => new DouyinClient({ ...o, shop: { channel: 'douyin', tag: '抖店旗舰店', orderNoPrefix: 'DY' } }),
  badCredentials: (c) => ({ ...c, appSecret: 'wrong-secret' }),
  badSignatureCode: 40004,
});
