import { channelContract } from '../../testing/channel-contract.ts';
import { jdVisible, startJdSandbox } from '../../sandboxes/jd.ts';
import { JdClient } from './client.ts';

channelContract({
  platform: 'jd',
  start: (o) => startJdSandbox(o),
  client: (_sandbox, o) => new JdClient({ ...o, shop: { channel: 'jd', tag: '京东自营', orderNoPrefix: 'JD' } }),
  badCredentials: (c) => ({ ...c, appSecret: 'wrong-secret' }),
  badSignatureCode: 19,
  visible: jdVisible,
});
