import type { ChannelClient, ChannelClientOptions, ChannelLimits, TimeWindow, WindowPull } from '../channel-client.ts';
import { ChannelError } from '../channel-error.ts';
import type { ChannelOrder } from '../channel-order.ts';
import { formatChinaTime } from '../china-time.ts';
import { callJson, withAttempts } from '../http-call.ts';
import { walkBackwards } from '../paging.ts';
import { mapJdOrder } from './mapping.ts';
import { JD_OPTIONAL_FIELDS, type JdOrderInfo } from './order.ts';
import { signJd } from './signing.ts';

export interface JdCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
}

export const JD_METHOD = 'jingdong.pop.order.search';
/** Span ≤ 1 month allowed; we keep windows short so a page walk stays cheap to redo. */
export const JD_LIMITS: ChannelLimits = { maxWindowMs: 60 * 60_000, lagMs: 2 * 60_000, maxPageSize: 100 };
export const JD_ORDER_STATES = 'WAIT_SELLER_STOCK_OUT,WAIT_GOODS_RECEIVE_CONFIRM,FINISHED_L,TRADE_CANCELED,LOCKED,PAUSE';

/** JD codes the sandbox and the platform share: 19 signature, 12/13 token, 8 call limit, 1/2 system. */
export function classifyJdError(e: { code: string; zh_desc?: string; en_desc?: string }): ChannelError {
  const details = { platform: 'jd', platformCode: e.code };
  const text = `jd: ${e.code} ${e.en_desc ?? ''} ${e.zh_desc ?? ''}`.trim();
  if (e.code === '8' || e.code === '65') return new ChannelError('throttled', text, details);
  if (e.code === '1' || e.code === '2' || e.code === '66') return new ChannelError('transient', text, details);
  return new ChannelError('permanent', text, details);
}

/**
 * JD POP through JOS `routerjson`: system parameters plus one JSON string of business
 * parameters, md5-signed; orders by modified time (dateType 0), walked from the last page.
 *
 * @example new JdClient({ http: { gateway: 'https://api.jd.com/routerjson' }, credentials, shop }).pullWindow(w, save)
 */
export class JdClient implements ChannelClient {
  readonly platform = 'jd' as const;
  readonly limits = JD_LIMITS;
  private readonly pageSize: number;

  constructor(private readonly options: ChannelClientOptions<JdCredentials>) {
    this.pageSize = Math.min(options.pageSize ?? 100, JD_LIMITS.maxPageSize);
  }

  async call(method: string, business: Record<string, string>): Promise<Record<string, unknown>> {
    const { credentials } = this.options;
    const params: Record<string, string> = {
      method,
      app_key: credentials.appKey,
      access_token: credentials.accessToken,
      timestamp: formatChinaTime(this.options.now?.() ?? new Date()),
      v: '2.0',
      format: 'json',
      sign_method: 'md5',
      '360buy_param_json': JSON.stringify(business),
    };
    params.sign = signJd(params, credentials.appSecret);
    const body = (await callJson('jd', this.options.http.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(params).toString(),
    }, this.options.http)) as Record<string, unknown>;
    if (body.error_response) throw classifyJdError(body.error_response as { code: string });
    // "responce" is JD's own spelling.
    const key = `${method.replace(/\./g, '_')}_responce`;
    const response = body[key] as Record<string, unknown> | undefined;
    if (!response) throw new ChannelError('transient', `jd: the answer has no ${key}`, { platform: 'jd', code: 'CHANNEL_BAD_RESPONSE' });
    return response;
  }

  private async page(window: TimeWindow, page: number): Promise<{ orders: ChannelOrder[]; total: number }> {
    return withAttempts(this.options.http, async () => {
      const r = await this.call(JD_METHOD, {
        start_date: formatChinaTime(window.start),
        end_date: formatChinaTime(window.end),
        order_state: JD_ORDER_STATES,
        optional_fields: JD_OPTIONAL_FIELDS,
        page: String(page),
        page_size: String(this.pageSize),
        sortType: '1',
        dateType: '0',
      });
      const result = r.searchorderinfo_result as { apiResult?: { success: boolean; englishErrCode?: string; chineseErrCode?: string }; orderTotal?: number; orderInfoList?: JdOrderInfo[] } | undefined;
      if (!result?.apiResult?.success) {
        throw new ChannelError('transient', `jd: search failed: ${result?.apiResult?.englishErrCode ?? 'no result'}`, { platform: 'jd', code: 'CHANNEL_BAD_RESPONSE' });
      }
      return { orders: (result.orderInfoList ?? []).map((o) => mapJdOrder(o, this.options.shop, this.options.mapping)), total: Number(result.orderTotal ?? 0) };
    });
  }

  pullWindow(window: TimeWindow, onPage: (orders: ChannelOrder[]) => Promise<void>): Promise<WindowPull> {
    return walkBackwards('jd', this.pageSize, (p) => this.page(window, p), onPage, 1, window);
  }
}
