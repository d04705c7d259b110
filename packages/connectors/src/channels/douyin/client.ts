import type { ChannelClient, ChannelClientOptions, ChannelLimits, TimeWindow, WindowPull } from '../channel-client.ts';
import { ChannelError } from '../channel-error.ts';
import type { ChannelOrder } from '../channel-order.ts';
import { formatChinaTime } from '../china-time.ts';
import { callJson, withAttempts } from '../http-call.ts';
import { walkNarrowing } from '../paging.ts';
import { mapDouyinOrder } from './mapping.ts';
import type { DouyinOrder } from './order.ts';
import { douyinParamJson, signDouyin, type DouyinSignMethod } from './signing.ts';

export interface DouyinCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
}

export const DOUYIN_LIMITS: ChannelLimits = { maxWindowMs: 60 * 60_000, lagMs: 2 * 60_000, maxPageSize: 100 };

/** code 10000 is success; 50002 throttled, 20000/isp.* platform faults, the rest (40004 signature, 30001 token…) ours. */
export function classifyDouyinError(e: { code: number; msg?: string; sub_code?: string; sub_msg?: string }): ChannelError {
  const details = { platform: 'douyin', platformCode: e.code, ...(e.sub_code ? { platformSubCode: e.sub_code } : {}) };
  const text = `douyin: ${e.code} ${e.msg ?? ''}${e.sub_msg ? ` (${e.sub_code}: ${e.sub_msg})` : ''}`;
  if (e.code === 50002 || e.sub_code === 'isv.frequency-limited') return new ChannelError('throttled', text, details);
  if (e.code === 20000 || e.sub_code?.startsWith('isp.')) return new ChannelError('transient', text, details);
  return new ChannelError('permanent', text, details);
}

/**
 * Douyin shop (抖店) open API: `/<method path>` with signed query parameters and `param_json`;
 * `order.searchList` by update time, page from 0, `has_more` only: walked by lowering the
 * window's end (see paging.ts).
 *
 * @example new DouyinClient({ http: { gateway: 'https://openapi-fxg.jinritemai.com' }, credentials, shop }).pullWindow(w, save)
 */
export class DouyinClient implements ChannelClient {
  readonly platform = 'douyin' as const;
  readonly limits = DOUYIN_LIMITS;
  private readonly pageSize: number;

  constructor(private readonly options: ChannelClientOptions<DouyinCredentials> & { signMethod?: DouyinSignMethod }) {
    this.pageSize = Math.min(options.pageSize ?? 100, DOUYIN_LIMITS.maxPageSize);
  }

  async call(method: string, business: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { credentials } = this.options;
    const signMethod = this.options.signMethod ?? 'md5';
    const base = { app_key: credentials.appKey, method, param_json: douyinParamJson(business), timestamp: formatChinaTime(this.options.now?.() ?? new Date()), v: '2' };
    const query = new URLSearchParams({ ...base, access_token: credentials.accessToken, sign_method: signMethod, sign: signDouyin(base, credentials.appSecret, signMethod) });
    const body = (await callJson('douyin', `${this.options.http.gateway}/${method.replace(/\./g, '/')}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: base.param_json,
    }, this.options.http)) as { code?: number; msg?: string; sub_code?: string; sub_msg?: string; data?: Record<string, unknown> };
    if (body.code !== 10000) throw classifyDouyinError({ code: body.code ?? 20000, msg: body.msg ?? 'no code', sub_code: body.sub_code ?? '', sub_msg: body.sub_msg ?? '' });
    return body.data ?? {};
  }

  pullWindow(window: TimeWindow, onPage: (orders: ChannelOrder[]) => Promise<void>): Promise<WindowPull> {
    return walkNarrowing(
      'douyin',
      window,
      (end, page) =>
        withAttempts(this.options.http, async () => {
          const data = await this.call('order.searchList', {
            update_time_start: Math.floor(window.start.getTime() / 1000),
            update_time_end: Math.floor(end.getTime() / 1000),
            order_by: 'update_time',
            order_asc: false,
            page,
            size: this.pageSize,
          });
          const list = (data.shop_order_list ?? []) as DouyinOrder[];
          return { orders: list.map((o) => mapDouyinOrder(o, this.options.shop, this.options.mapping)), hasMore: Boolean(data.has_more) };
        }),
      onPage,
      0,
    );
  }
}
