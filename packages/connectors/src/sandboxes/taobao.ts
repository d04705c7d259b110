import { formatChinaTime, parseChinaTime } from '../channels/china-time.ts';
import { fenToYuan } from '../channels/money.ts';
import { signTop } from '../channels/taobao/signing.ts';
import type { TaobaoCredentials } from '../channels/taobao/client.ts';
import type { TopOrderLine, TopTrade } from '../channels/taobao/trade.ts';
import { sameSignature } from '../channels/signing.ts';
import { TIMESTAMP_TOLERANCE_MS, type ChannelSandbox, type ChannelSandboxOptions } from './channel-sandbox.ts';
import { formParams, listenSandbox, queryKey, type SandboxRequest } from './sandbox-server.ts';
import { SandboxShop, type SandboxOrder } from './sandbox-shop.ts';

const METHOD = 'taobao.trades.sold.increment.get';
const DAY = 24 * 3600_000;

function topError(code: number, msg: string, sub_code?: string, sub_msg?: string) {
  return { body: { error_response: { code, msg, ...(sub_code ? { sub_code, sub_msg } : {}), request_id: Math.random().toString(36).slice(2, 14) } } };
}

function tradeStatus(o: SandboxOrder): string {
  switch (o.status) {
    case 'unpaid':
      return 'WAIT_BUYER_PAY';
    case 'paid':
      return 'WAIT_SELLER_SEND_GOODS';
    case 'shipped':
      return 'WAIT_BUYER_CONFIRM_GOODS';
    case 'signed':
      return 'TRADE_FINISHED';
    case 'cancelled':
      return o.paidAt === null ? 'TRADE_CLOSED_BY_TAOBAO' : 'TRADE_CLOSED';
  }
}

const REFUND: Record<SandboxOrder['refund'], string> = { none: 'NO_REFUND', requested: 'WAIT_SELLER_AGREE', refunded: 'SUCCESS' };

/** A sandbox order as TOP renders a trade. */
export function renderTopTrade(o: SandboxOrder): TopTrade {
  const goods = o.lines.reduce((s, l) => s + l.qty * l.priceFen, 0);
  const lines: TopOrderLine[] = o.lines.map((l, i) => ({
    oid: Number(o.id) * 10 + i,
    oid_str: `${o.id}${i}`,
    num_iid: l.itemId,
    sku_id: String(l.skuId),
    outer_iid: l.skuCode.split('-').slice(0, 2).join('-'),
    outer_sku_id: l.skuCode,
    title: l.title,
    num: l.qty,
    price: fenToYuan(l.priceFen),
    payment: fenToYuan(l.qty * l.priceFen),
    sku_properties_name: '颜色分类:默认',
    status: tradeStatus(o),
    refund_status: REFUND[o.refund],
  }));
  return {
    tid: Number(o.id),
    tid_str: o.id,
    status: tradeStatus(o),
    type: o.presale ? 'step' : 'fixed',
    payment: fenToYuan(goods + o.postFeeFen - o.discountFen),
    total_fee: fenToYuan(goods),
    post_fee: fenToYuan(o.postFeeFen),
    discount_fee: fenToYuan(o.discountFen),
    created: formatChinaTime(o.createdAt),
    modified: formatChinaTime(o.modifiedAt),
    ...(o.paidAt ? { pay_time: formatChinaTime(o.paidAt) } : {}),
    ...(o.shippedAt ? { consign_time: formatChinaTime(o.shippedAt) } : {}),
    ...(o.endAt ? { end_time: formatChinaTime(o.endAt) } : {}),
    buyer_nick: `${o.buyer.nick.slice(0, 1)}**`,
    buyer_open_uid: o.buyer.openId,
    buyer_message: o.message,
    // TOP hands out receivers masked; the OAID identifies the address for matching.
    receiver_name: o.receiver.name,
    receiver_state: o.receiver.province,
    receiver_city: o.receiver.city,
    receiver_district: o.receiver.district,
    receiver_town: o.receiver.town,
    receiver_address: o.receiver.detail.replace(/\d+/g, '**'),
    receiver_zip: o.receiver.zip,
    receiver_mobile: o.receiver.phone,
    oaid: o.receiver.hash,
    ...(o.presale ? { step_trade_status: o.paidAt ? 'FRONT_PAID_FINAL_PAID' : 'FRONT_NOPAID_FINAL_NOPAID' } : {}),
    orders: { order: lines },
  };
}

function pickFields(trade: TopTrade, fields: Set<string>): Partial<TopTrade> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(trade)) if (fields.has(k)) out[k] = v;
  return out as Partial<TopTrade>;
}

/**
 * Taobao/Tmall TOP sandbox: `POST /router/rest` with form or query parameters, TOP signature
 * (md5, hmac, hmac-sha256), app key, session, timestamp (±10 min), window ≤ 1 day and page size
 * 1–100 checked with TOP's own error codes; trades newest-modified first.
 *
 * @example const tb = await startTaobaoSandbox({ now: () => clock }); tb.shop.create({ status: 'paid' });
 */
export async function startTaobaoSandbox(options: ChannelSandboxOptions<TaobaoCredentials> = {}): Promise<ChannelSandbox<TaobaoCredentials>> {
  const credentials: TaobaoCredentials = { appKey: '12345678', appSecret: 'sandbox-taobao-secret', session: 'sandbox-taobao-session', ...options.credentials };
  const now = options.now ?? Date.now;
  const shop = new SandboxShop({ now, seed: options.seed ?? 11, orderId: (seq) => String(4_000_000_000_000_000 + seq * 97) });

  const handle = (req: SandboxRequest) => {
    if (req.path !== '/router/rest') return { status: 404, body: { error: 'not found' } };
    const p = formParams(req);
    for (const required of ['method', 'app_key', 'timestamp', 'sign']) if (!p[required]) return topError(40, 'Missing required arguments', `isv.missing-parameter:${required}`, `缺少参数 ${required}`);
    if (p.app_key !== credentials.appKey) return topError(29, 'Invalid app Key', 'isv.appkey-not-exists');
    const signMethod = p.sign_method ?? 'md5';
    if (!['md5', 'hmac', 'hmac-sha256'].includes(signMethod)) return topError(41, 'Invalid arguments', 'isv.invalid-parameter:sign_method');
    if (!sameSignature(p.sign!, signTop(p, credentials.appSecret))) return topError(25, 'Invalid signature');
    let ts: number;
    try {
      ts = parseChinaTime(p.timestamp!).getTime();
    } catch {
      return topError(41, 'Invalid arguments', 'isv.invalid-parameter:timestamp', '时间戳格式 yyyy-MM-dd HH:mm:ss');
    }
    if (Math.abs(ts - now()) > TIMESTAMP_TOLERANCE_MS) return topError(43, 'Invalid timestamp', 'isv.invalid-timestamp', '时间戳与服务器时间相差超过 10 分钟');
    if (p.method !== METHOD) return topError(22, 'Invalid method');
    if (p.session !== credentials.session) return topError(27, 'Invalid session', 'invalid-sessionkey');
    if (!p.start_modified || !p.end_modified) return topError(40, 'Missing required arguments', 'isv.missing-parameter:start_modified', '增量接口需要 start_modified 与 end_modified');
    let start: number, end: number;
    try {
      start = parseChinaTime(p.start_modified).getTime();
      end = parseChinaTime(p.end_modified).getTime();
    } catch {
      return topError(41, 'Invalid arguments', 'isv.invalid-parameter:start_modified', '时间格式 yyyy-MM-dd HH:mm:ss');
    }
    if (end < start || end - start > DAY) return topError(41, 'Invalid arguments', 'isv.invalid-parameter:start_modified', 'start_modified 与 end_modified 的间隔不能超过一天');
    if (start < now() - 90 * DAY) return topError(41, 'Invalid arguments', 'isv.invalid-parameter:start_modified', '只能查询三个月内的订单');
    const pageNo = Number(p.page_no ?? '1');
    const pageSize = Number(p.page_size ?? '40');
    if (!Number.isInteger(pageNo) || pageNo < 1) return topError(41, 'Invalid arguments', 'isv.invalid-parameter:page_no');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return topError(41, 'Invalid arguments', 'isv.invalid-parameter:page_size', 'page_size 取值 1~100');
    const { orders: slice, total } = shop.page(start, end, { offset: (pageNo - 1) * pageSize, limit: pageSize });
    const fields = new Set((p.fields ?? 'tid,status,modified').split(','));
    const trades = slice.map((o) => pickFields(renderTopTrade(o), fields));
    const useHasNext = p.use_has_next === 'true';
    return {
      body: {
        trades_sold_increment_get_response: {
          ...(useHasNext ? { has_next: pageNo * pageSize < total } : { total_results: total }),
          trades: { trade: trades },
          request_id: Math.random().toString(36).slice(2, 14),
        },
      },
    };
  };

  const http = await listenSandbox(
    {
      handle,
      listKey: (req) => (req.path === '/router/rest' ? queryKey(formParams(req), ['page_no']) : null),
      throttled: () => topError(7, 'App Call Limited', 'accesscontrol.limited-by-app-access-count', 'This ban will last for 1 more seconds'),
    },
    options,
  );
  return Object.assign(http, { platform: 'taobao' as const, gateway: `${http.url}/router/rest`, shop, credentials });
}
