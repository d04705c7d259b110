import type { ChannelClient, ChannelClientOptions, ChannelLimits, TimeWindow, WindowPull } from '../channel-client.ts';
import { ChannelError } from '../channel-error.ts';
import type { ChannelOrder } from '../channel-order.ts';
import { callJson, withAttempts } from '../http-call.ts';
import { walkCursor } from '../paging.ts';
import { mapWechatOrder } from './mapping.ts';
import type { WechatOrder } from './order.ts';

export interface WechatCredentials {
  appId: string;
  appSecret: string;
}

/** A time range is required, span ≤ 7 days; we use 1-hour windows. */
export const WECHAT_LIMITS: ChannelLimits = { maxWindowMs: 60 * 60_000, lagMs: 60_000, maxPageSize: 100 };

const TOKEN_INVALID = new Set([40001, 40014, 42001]);

/** errcode: 45009/45011 quota (throttled), -1 busy (transient), 40001/42001 token (refreshed by the client), others permanent. */
export function classifyWechatError(e: { errcode: number; errmsg?: string }): ChannelError {
  const details = { platform: 'wechat_channels', platformCode: e.errcode };
  const text = `wechat_channels: ${e.errcode} ${e.errmsg ?? ''}`;
  if (e.errcode === 45009 || e.errcode === 45011 || e.errcode === 45033) return new ChannelError('throttled', text, details);
  if (e.errcode === -1 || e.errcode === 40000 || TOKEN_INVALID.has(e.errcode)) return new ChannelError('transient', text, details);
  return new ChannelError('permanent', text, details);
}

/**
 * WeChat Channels shop (视频号小店): an access_token from `/cgi-bin/stable_token` instead of a
 * signature, `order/list/get` by update time with `next_key`, then `order/get` per order.
 *
 * @example new WechatChannelsClient({ http: { gateway: 'https://api.weixin.qq.com' }, credentials: { appId, appSecret }, shop }).pullWindow(w, save)
 */
export class WechatChannelsClient implements ChannelClient {
  readonly platform = 'wechat_channels' as const;
  readonly limits = WECHAT_LIMITS;
  private readonly pageSize: number;
  private token: { value: string; expiresAt: number } | null = null;
  private calls = 0;

  constructor(private readonly options: ChannelClientOptions<WechatCredentials> & { detailConcurrency?: number }) {
    this.pageSize = Math.min(options.pageSize ?? 100, WECHAT_LIMITS.maxPageSize);
  }

  private now(): number {
    return (this.options.now?.() ?? new Date()).getTime();
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.value;
    this.calls++;
    const body = (await callJson('wechat_channels', `${this.options.http.gateway}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: this.options.credentials.appId, secret: this.options.credentials.appSecret }),
    }, this.options.http)) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
    if (!body.access_token) throw classifyWechatError({ errcode: body.errcode ?? -1, errmsg: body.errmsg ?? 'no access_token' });
    // Refreshed five minutes early, as WeChat advises.
    this.token = { value: body.access_token, expiresAt: this.now() + ((body.expires_in ?? 7200) - 300) * 1000 };
    return this.token.value;
  }

  /** One API call with the token; an invalid token is fetched again once. */
  async call<T>(path: string, payload: unknown): Promise<T> {
    for (let round = 0; ; round++) {
      const token = await this.accessToken();
      this.calls++;
      const body = (await callJson('wechat_channels', `${this.options.http.gateway}${path}?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      }, this.options.http)) as { errcode?: number; errmsg?: string };
      if (!body.errcode) return body as T;
      if (TOKEN_INVALID.has(body.errcode) && round === 0) {
        this.token = null;
        continue;
      }
      throw classifyWechatError({ errcode: body.errcode, errmsg: body.errmsg ?? '' });
    }
  }

  private async details(ids: string[]): Promise<ChannelOrder[]> {
    const out: ChannelOrder[] = new Array(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        const r = await withAttempts(this.options.http, () => this.call<{ order: WechatOrder }>('/channels/ec/order/get', { order_id: ids[i] }));
        out[i] = mapWechatOrder(r.order, this.options.shop, this.options.mapping);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.detailConcurrency ?? 8, ids.length) }, worker));
    return out;
  }

  async pullWindow(window: TimeWindow, onPage: (orders: ChannelOrder[]) => Promise<void>): Promise<WindowPull> {
    const before = this.calls;
    const stats = await walkCursor(
      'wechat_channels',
      async (cursor) => {
        const r = await withAttempts(this.options.http, () =>
          this.call<{ order_id_list: string[]; next_key: string; has_more: boolean }>('/channels/ec/order/list/get', {
            update_time_range: { start_time: Math.floor(window.start.getTime() / 1000), end_time: Math.floor(window.end.getTime() / 1000) },
            page_size: this.pageSize,
            ...(cursor ? { next_key: cursor } : {}),
          }),
        );
        return { orders: await this.details(r.order_id_list ?? []), next: r.next_key, hasMore: r.has_more };
      },
      onPage,
    );
    return { calls: this.calls - before, fetched: stats.fetched };
  }
}
