import type { ChannelClient, ChannelClientOptions, ChannelLimits, TimeWindow, WindowPull } from '../channel-client.ts';
import { ChannelError } from '../channel-error.ts';
import type { ChannelOrder } from '../channel-order.ts';
import { formatChinaTime } from '../china-time.ts';
import { callJson, withAttempts } from '../http-call.ts';
import { walkBackwards } from '../paging.ts';
import { mapTopTrade } from './mapping.ts';
import { signTop, type TopSignMethod } from './signing.ts';
import { TOP_TRADE_FIELDS, type TopTrade } from './trade.ts';

export interface TaobaoCredentials {
  appKey: string;
  appSecret: string;
  /** The seller's authorisation (TOP `session`). */
  session: string;
}

export interface TaobaoClientOptions extends ChannelClientOptions<TaobaoCredentials> {
  signMethod?: TopSignMethod;
}

export const TAOBAO_METHOD = 'taobao.trades.sold.increment.get';

/** Span ≤ 1 day allowed, ≤ 30 min advised; batch APIs lag up to ~10 min in big promotions. */
export const TAOBAO_LIMITS: ChannelLimits = { maxWindowMs: 30 * 60_000, lagMs: 3 * 60_000, maxPageSize: 100 };

interface TopError {
  code: number;
  msg: string;
  sub_code?: string;
  sub_msg?: string;
}

/** TOP error → kind: 7 is throttling, `isp.*` and 15 are platform faults, the rest is ours to fix. */
export function classifyTopError(e: TopError): ChannelError {
  const details = { platform: 'taobao', platformCode: e.code, ...(e.sub_code ? { platformSubCode: e.sub_code } : {}) };
  const text = `taobao: ${e.code} ${e.msg}${e.sub_code ? ` (${e.sub_code}: ${e.sub_msg ?? ''})` : ''}`;
  if (e.code === 7 || e.sub_code?.startsWith('isv.call-limited') || e.sub_code === 'accesscontrol.limited-by-app-access-count') return new ChannelError('throttled', text, details);
  if (e.sub_code?.startsWith('isp.') || e.code === 15 || e.code === 10) return new ChannelError('transient', text, details);
  return new ChannelError('permanent', text, details);
}

/**
 * Taobao/Tmall through TOP: signed form POSTs to the router, incremental trades by modified time,
 * walked from the last page back to the first.
 *
 * @example
 * const client = new TaobaoClient({ http: { gateway: 'http://127.0.0.1:4101/router/rest' },
 *   credentials: { appKey, appSecret, session }, shop: { channel: 'taobao', tag: '淘宝天猫店', orderNoPrefix: 'TB' } });
 * await client.pullWindow({ start, end }, async (orders) => save(orders));
 */
export class TaobaoClient implements ChannelClient {
  readonly platform = 'taobao' as const;
  readonly limits = TAOBAO_LIMITS;
  private readonly pageSize: number;

  constructor(private readonly options: TaobaoClientOptions) {
    this.pageSize = Math.min(options.pageSize ?? 100, TAOBAO_LIMITS.maxPageSize);
  }

  /** One signed TOP call; returns the `<method>_response` object. */
  async call(method: string, business: Record<string, string>): Promise<Record<string, unknown>> {
    const { credentials } = this.options;
    const params: Record<string, string> = {
      method,
      app_key: credentials.appKey,
      session: credentials.session,
      timestamp: formatChinaTime(this.options.now?.() ?? new Date()),
      v: '2.0',
      format: 'json',
      sign_method: this.options.signMethod ?? 'md5',
      ...business,
    };
    params.sign = signTop(params, credentials.appSecret);
    const body = (await callJson('taobao', this.options.http.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(params).toString(),
    }, this.options.http)) as Record<string, unknown>;
    if (body.error_response) throw classifyTopError(body.error_response as TopError);
    const key = `${method.replace(/^taobao\./, '').replace(/\./g, '_')}_response`;
    const response = body[key];
    if (!response || typeof response !== 'object') throw new ChannelError('transient', `taobao: the answer has no ${key}`, { platform: 'taobao', code: 'CHANNEL_BAD_RESPONSE' });
    return response as Record<string, unknown>;
  }

  private async page(window: TimeWindow, page: number): Promise<{ orders: ChannelOrder[]; total: number }> {
    return withAttempts(this.options.http, async () => {
      const r = await this.call(TAOBAO_METHOD, {
        fields: TOP_TRADE_FIELDS,
        start_modified: formatChinaTime(window.start),
        end_modified: formatChinaTime(window.end),
        page_no: String(page),
        page_size: String(this.pageSize),
        // Without use_has_next TOP returns total_results, which walking backwards needs.
        use_has_next: 'false',
      });
      const trades = ((r.trades as { trade?: TopTrade[] } | undefined)?.trade ?? []);
      return { orders: trades.map((t) => mapTopTrade(t, this.options.shop, this.options.mapping)), total: Number(r.total_results ?? 0) };
    });
  }

  pullWindow(window: TimeWindow, onPage: (orders: ChannelOrder[]) => Promise<void>): Promise<WindowPull> {
    return walkBackwards('taobao', this.pageSize, (p) => this.page(window, p), onPage, 1, window);
  }
}
