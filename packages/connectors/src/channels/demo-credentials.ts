import type { ChannelPlatform } from './channel-order.ts';

/**
 * The credentials the channel sandboxes accept by default. A connector whose config says
 * `"sandbox": true` falls back to these when no credentials were stored, so the template's demo
 * shops work on `npm start`; real credentials never live in the definition.
 */
export const DEMO_CHANNEL_CREDENTIALS: Readonly<Record<ChannelPlatform, Readonly<Record<string, string>>>> = {
  taobao: { appKey: '12345678', appSecret: 'sandbox-taobao-secret', session: 'sandbox-taobao-session' },
  jd: { appKey: 'JDSANDBOXKEY', appSecret: 'sandbox-jd-secret', accessToken: 'sandbox-jd-token' },
  pdd: { clientId: 'pddsandboxclientid', clientSecret: 'sandbox-pdd-secret', accessToken: 'sandbox-pdd-token' },
  wechat_channels: { appId: 'wxsandbox0000001', appSecret: 'sandbox-wechat-secret' },
  douyin: { appKey: '7000000000000000001', appSecret: 'sandbox-douyin-secret', accessToken: 'sandbox-douyin-token' },
};
