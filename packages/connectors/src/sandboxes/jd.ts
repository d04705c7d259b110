import { formatChinaTime, parseChinaTime } from '../channels/china-time.ts';
import type { JdCredentials } from '../channels/jd/client.ts';
import type { JdOrderInfo } from '../channels/jd/order.ts';
import { signJd } from '../channels/jd/signing.ts';
import { fenToYuan } from '../channels/money.ts';
import { sameSignature } from '../channels/signing.ts';
import { TIMESTAMP_TOLERANCE_MS, type ChannelSandbox, type ChannelSandboxOptions } from './channel-sandbox.ts';
import { formParams, listenSandbox, queryKey, type SandboxRequest } from './sandbox-server.ts';
import { SandboxShop, type SandboxOrder } from './sandbox-shop.ts';

const METHOD = 'jingdong.pop.order.search';
const MONTH = 31 * 24 * 3600_000;

const jdError = (code: string, en: string, zh: string) => ({ body: { error_response: { code, en_desc: en, zh_desc: zh } } });

function jdListKey(p: Record<string, string>): string {
  try {
    return queryKey(JSON.parse(p['360buy_param_json'] ?? '{}') as Record<string, unknown>, ['page']);
  } catch {
    return '';
  }
}

/** JD lists an order once it is paid. */
export const jdVisible = (o: SandboxOrder) => o.paidAt !== null;

export function jdState(o: SandboxOrder): string {
  switch (o.status) {
    case 'paid':
      return o.refund === 'requested' ? 'LOCKED' : 'WAIT_SELLER_STOCK_OUT';
    case 'shipped':
      return 'WAIT_GOODS_RECEIVE_CONFIRM';
    case 'signed':
      return 'FINISHED_L';
    default:
      return 'TRADE_CANCELED';
  }
}

export function renderJdOrder(o: SandboxOrder, venderId: string): JdOrderInfo {
  const goods = o.lines.reduce((s, l) => s + l.qty * l.priceFen, 0);
  return {
    orderId: o.id,
    venderId,
    orderTotalPrice: fenToYuan(goods),
    orderSellerPrice: fenToYuan(goods - o.discountFen),
    orderPayment: fenToYuan(goods + o.postFeeFen - o.discountFen),
    freightPrice: fenToYuan(o.postFeeFen),
    sellerDiscount: fenToYuan(o.discountFen),
    orderState: jdState(o),
    orderStartTime: formatChinaTime(o.createdAt),
    modified: formatChinaTime(o.modifiedAt),
    ...(o.paidAt ? { paymentConfirmTime: formatChinaTime(o.paidAt) } : {}),
    ...(o.endAt ? { orderEndTime: formatChinaTime(o.endAt) } : {}),
    orderRemark: o.message,
    open_id_buyer: o.buyer.openId,
    pin: `${o.buyer.nick.slice(0, 2)}***`,
    consigneeInfo: { fullname: o.receiver.name, mobile: o.receiver.phone, province: o.receiver.province, city: o.receiver.city, county: o.receiver.district, fullAddress: `${o.receiver.province}${o.receiver.city}${o.receiver.district}${o.receiver.detail.replace(/\d+/g, '*')}`, oaid: o.receiver.hash },
    itemInfoList: o.lines.map((l) => ({ skuId: String(l.skuId), outerSkuId: l.skuCode, skuName: l.title, itemTotal: String(l.qty), jdPrice: fenToYuan(l.priceFen), wareId: String(l.itemId) })),
  };
}

/**
 * JD JOS sandbox: `POST /routerjson`, md5 signature over the system parameters and
 * `360buy_param_json`, window ≤ 1 month, page size ≤ 100, newest-modified first; answers wrapped
 * in `jingdong_pop_order_search_responce.searchorderinfo_result`.
 *
 * @example const jd = await startJdSandbox(); jd.shop.create({ status: 'paid' });
 */
export async function startJdSandbox(options: ChannelSandboxOptions<JdCredentials> = {}): Promise<ChannelSandbox<JdCredentials>> {
  const credentials: JdCredentials = { appKey: 'JDSANDBOXKEY', appSecret: 'sandbox-jd-secret', accessToken: 'sandbox-jd-token', ...options.credentials };
  const now = options.now ?? Date.now;
  const venderId = '10086001';
  const shop = new SandboxShop({ now, seed: options.seed ?? 12, orderId: (seq) => String(280_000_000_000 + seq * 13) });

  const handle = (req: SandboxRequest) => {
    if (req.path !== '/routerjson') return { status: 404, body: { error: 'not found' } };
    const p = formParams(req);
    if (!p.app_key || p.app_key !== credentials.appKey) return jdError('15', 'Invalid app_key', '无效的app_key');
    if (!p.sign || !sameSignature(p.sign, signJd(p, credentials.appSecret))) return jdError('19', 'Invalid signature', '无效签名');
    if (!p.access_token || p.access_token !== credentials.accessToken) return jdError('12', 'Invalid access_token', '无效的access_token');
    let ts: number;
    try {
      ts = parseChinaTime(p.timestamp ?? '').getTime();
    } catch {
      return jdError('9', 'Invalid timestamp', '时间戳格式错误');
    }
    if (Math.abs(ts - now()) > TIMESTAMP_TOLERANCE_MS) return jdError('9', 'Invalid timestamp', '时间戳与服务器时间相差超过10分钟');
    if (p.method !== METHOD) return jdError('21', 'Invalid method', '无效的方法');
    let q: Record<string, string>;
    try {
      q = JSON.parse(p['360buy_param_json'] ?? '{}') as Record<string, string>;
    } catch {
      return jdError('30', 'Invalid 360buy_param_json', '360buy_param_json 不是合法的 JSON');
    }
    let start: number, end: number;
    try {
      start = parseChinaTime(q.start_date ?? '').getTime();
      end = parseChinaTime(q.end_date ?? '').getTime();
    } catch {
      return jdError('30', 'start_date and end_date are required (yyyy-MM-dd HH:mm:ss)', 'start_date 与 end_date 必填');
    }
    if (end < start || end - start > MONTH) return jdError('30', 'The span of start_date and end_date must not exceed one month', '查询时间跨度不能超过一个月');
    const page = Number(q.page ?? '1');
    const size = Number(q.page_size ?? '20');
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1 || size > 100) return jdError('30', 'page from 1, page_size 1-100', 'page 从 1 开始，page_size 为 1~100');
    const states = new Set((q.order_state ?? '').split(',').filter(Boolean));
    const { orders: slice, total } = shop.page(start, end, { offset: (page - 1) * size, limit: size, visible: (o) => jdVisible(o) && (states.size === 0 || states.has(jdState(o))) });
    return {
      body: {
        jingdong_pop_order_search_responce: {
          code: '0',
          searchorderinfo_result: {
            apiResult: { success: true, englishErrCode: '', chineseErrCode: '', numberCode: 0 },
            orderTotal: total,
            orderInfoList: slice.map((o) => renderJdOrder(o, venderId)),
          },
        },
      },
    };
  };

  const http = await listenSandbox({ handle, listKey: (req) => (req.path === '/routerjson' ? jdListKey(formParams(req)) : null), throttled: () => jdError('8', 'Call frequency exceeds limit', '调用频率超过限制') }, options);
  return Object.assign(http, { platform: 'jd' as const, gateway: `${http.url}/routerjson`, shop, credentials });
}
