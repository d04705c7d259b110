import type { ChannelClient, ChannelClientOptions, ChannelLimits, TimeWindow, WindowPull } from '../channel-client.ts';
import { ChannelError } from '../channel-error.ts';
import type { ChannelOrder } from '../channel-order.ts';
import { callJson, withAttempts } from '../http-call.ts';
import { walkBackwards } from '../paging.ts';
import { mapPddOrder } from './mapping.ts';
import type { PddOrder } from './order.ts';
import { signPdd } from './signing.ts';

export interface PddCredentials {
  clientId: string;
  clientSecret: string;
  accessToken: string;
}

export const PDD_TYPE = 'pdd.order.number.list.increment.get';
/** Span ≤ 30 min; the end ≥ 3 min behind server time (PDD indexes late). */
export const PDD_LIMITS: ChannelLimits = { maxWindowMs: 30 * 60_000, lagMs: 3 * 60_000, maxPageSize: 100 };

/** 70031 is PDD's "calls too frequent"; 5xxxx and 10000 are platform faults; the rest is ours. */
export function classifyPddError(e: { error_code: number; error_msg?: string; sub_code?: string; sub_msg?: string }): ChannelError {
  const details = { platform: 'pdd', platformCode: e.error_code, ...(e.sub_code ? { platformSubCode: e.sub_code } : {}) };
  const text = `pdd: ${e.error_code} ${e.error_msg ?? ''}${e.sub_msg ? ` (${e.sub_msg})` : ''}`;
  if (e.error_code === 70031 || e.error_code === 70032) return new ChannelError('throttled', text, details);
  if (e.error_code === 10000 || (e.error_code >= 50000 && e.error_code < 60000)) return new ChannelError('transient', text, details);
  return new ChannelError('permanent', text, details);
}

/**
 * Pinduoduo open platform: form POSTs to `/api/router`, md5-signed, orders by `updated_at`,
 * walked from the last page back to the first.
 *
 * @example new PddClient({ http: { gateway: 'https://gw-api.pinduoduo.com/api/router' }, credentials, shop }).pullWindow(w, save)
 */
export class PddClient implements ChannelClient {
  readonly platform = 'pdd' as const;
  readonly limits = PDD_LIMITS;
  private readonly pageSize: number;

  constructor(private readonly options: ChannelClientOptions<PddCredentials>) {
    this.pageSize = Math.min(options.pageSize ?? 100, PDD_LIMITS.maxPageSize);
  }

  async call(type: string, business: Record<string, string>): Promise<Record<string, unknown>> {
    const { credentials } = this.options;
    const params: Record<string, string> = {
      type,
      client_id: credentials.clientId,
      access_token: credentials.accessToken,
      timestamp: String(Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000)),
      data_type: 'JSON',
      ...business,
    };
    params.sign = signPdd(params, credentials.clientSecret);
    const body = (await callJson('pdd', this.options.http.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(params).toString(),
    }, this.options.http)) as Record<string, unknown>;
    if (body.error_response) throw classifyPddError(body.error_response as { error_code: number });
    return body;
  }

  private async page(window: TimeWindow, page: number): Promise<{ orders: ChannelOrder[]; total: number }> {
    return withAttempts(this.options.http, async () => {
      const body = await this.call(PDD_TYPE, {
        start_updated_at: String(Math.floor(window.start.getTime() / 1000)),
        end_updated_at: String(Math.floor(window.end.getTime() / 1000)),
        order_status: '5',
        refund_status: '5',
        page: String(page),
        page_size: String(this.pageSize),
        // total_count is what walking backwards needs.
        use_has_next: 'false',
      });
      const r = body.order_sn_increment_get_response as { total_count?: number; order_sn_list?: PddOrder[] } | undefined;
      if (!r) throw new ChannelError('transient', 'pdd: the answer has no order_sn_increment_get_response', { platform: 'pdd', code: 'CHANNEL_BAD_RESPONSE' });
      return { orders: (r.order_sn_list ?? []).map((o) => mapPddOrder(o, this.options.shop, this.options.mapping)), total: Number(r.total_count ?? 0) };
    });
  }

  pullWindow(window: TimeWindow, onPage: (orders: ChannelOrder[]) => Promise<void>): Promise<WindowPull> {
    return walkBackwards('pdd', this.pageSize, (p) => this.page(window, p), onPage, 1, window);
  }
}
