import { channelContract } from '../../testing/channel-contract.ts';
import { pddVisible, startPddSandbox } from '../../sandboxes/pdd.ts';
import { PddClient } from './client.ts';

channelContract({
  platform: 'pdd',
  start: (o) => startPddSandbox(o),
  client: (_sandbox, o) => new PddClient({ ...o, shop: { channel: 'pdd', tag: '拼多多旗舰店', orderNoPrefix: 'PDD' } }),
  badCredentials: (c) => ({ ...c, clientSecret: 'wrong-secret' }),
  badSignatureCode: 10016,
  visible: pddVisible,
});
