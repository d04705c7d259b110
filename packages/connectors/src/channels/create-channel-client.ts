import type { ChannelClient, MappingOverrides } from './channel-client.ts';
import type { ChannelPlatform, ShopLabel } from './channel-order.ts';
import { DouyinClient, type DouyinCredentials } from './douyin/client.ts';
import type { HttpOptions } from './http-call.ts';
import { JdClient, type JdCredentials } from './jd/client.ts';
import { PddClient, type PddCredentials } from './pdd/client.ts';
import { TaobaoClient, type TaobaoCredentials } from './taobao/client.ts';
import { WechatChannelsClient, type WechatCredentials } from './wechat_channels/client.ts';

export type ChannelCredentials = TaobaoCredentials | JdCredentials | PddCredentials | WechatCredentials | DouyinCredentials;

/** The credential fields each platform needs (what the credential store must hold). */
export const CREDENTIAL_FIELDS: Record<ChannelPlatform, readonly string[]> = {
  taobao: ['appKey', 'appSecret', 'session'],
  jd: ['appKey', 'appSecret', 'accessToken'],
  pdd: ['clientId', 'clientSecret', 'accessToken'],
  wechat_channels: ['appId', 'appSecret'],
  douyin: ['appKey', 'appSecret', 'accessToken'],
};

/**
 * The client of a platform, by name: what the intake builds from a connector's configuration
 * and its decrypted credentials.
 *
 * @example createChannelClient('taobao', { http: { gateway }, credentials, shop })
 */
export function createChannelClient(
  platform: ChannelPlatform,
  options: { http: HttpOptions; credentials: Record<string, string>; shop: ShopLabel; mapping?: MappingOverrides; pageSize?: number; signMethod?: string; now?: () => Date },
): ChannelClient {
  const missing = CREDENTIAL_FIELDS[platform].filter((f) => !options.credentials[f]);
  if (missing.length) throw new Error(`${platform}: credentials lack ${missing.join(', ')}`);
  const base = { http: options.http, shop: options.shop, ...(options.mapping ? { mapping: options.mapping } : {}), ...(options.pageSize ? { pageSize: options.pageSize } : {}), ...(options.now ? { now: options.now } : {}) };
  switch (platform) {
    case 'taobao':
      return new TaobaoClient({ ...base, credentials: options.credentials as unknown as TaobaoCredentials, ...(options.signMethod ? { signMethod: options.signMethod as 'md5' } : {}) });
    case 'jd':
      return new JdClient({ ...base, credentials: options.credentials as unknown as JdCredentials });
    case 'pdd':
      return new PddClient({ ...base, credentials: options.credentials as unknown as PddCredentials });
    case 'wechat_channels':
      return new WechatChannelsClient({ ...base, credentials: options.credentials as unknown as WechatCredentials });
    case 'douyin':
      return new DouyinClient({ ...base, credentials: options.credentials as unknown as DouyinCredentials, ...(options.signMethod === 'hmac-sha256' ? { signMethod: 'hmac-sha256' as const } : {}) });
  }
}
