import { channelContract } from '../../testing/channel-contract.ts';
import { startTaobaoSandbox } from '../../sandboxes/taobao.ts';
import { TaobaoClient } from './client.ts';

channelContract({
  platform: 'taobao',
  start: (o) => startTaobaoSandbox(o),
  client: (_sandbox, o) => new TaobaoClient({ ...o, shop: { channel: 'taobao', tag: '淘宝天猫店', orderNoPrefix: 'TB' } }),
  badCredentials: (c) => ({ ...c, appSecret: 'wrong-secret' }),
  badSignatureCode: 25,
});
