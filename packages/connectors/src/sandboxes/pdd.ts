import { createHash } from 'node:crypto';
import { formatChinaTime } from '../channels/china-time.ts';
import { fenToYuan } from '../channels/money.ts';
import type { PddCredentials } from '../channels/pdd/client.ts';
import type { PddOrder } from '../channels/pdd/order.ts';
import { signPdd } from '../channels/pdd/signing.ts';
import { sameSignature } from '../channels/signing.ts';
import { TIMESTAMP_TOLERANCE_MS, type ChannelSandbox, type ChannelSandboxOptions } from './channel-sandbox.ts';
import { formParams, listenSandbox, queryKey, type SandboxRequest } from './sandbox-server.ts';
import { SandboxShop, type SandboxOrder } from './sandbox-shop.ts';

const TYPE = 'pdd.order.number.list.increment.get';

const pddError = (error_code: number, error_msg: string, sub_msg?: string) => ({
  body: { error_response: { error_code, error_msg, ...(sub_msg ? { sub_code: String(error_code), sub_msg } : {}), request_id: Math.random().toString(36).slice(2, 14) } },
});

/** PDD lists an order once it is paid (an unpaid group order is not the seller's yet). */
export const pddVisible = (o: SandboxOrder) => o.paidAt !== null;

/** How long a change takes to show in PDD's increment index: why the connector stays 3 min behind. */
export const PDD_INDEX_LAG_MS = 2 * 60_000;

const encrypt = (s: string) => `~${createHash('sha256').update(s).digest('base64').slice(0, 32)}~AgAAAA~`;
const yuan = (fen: number) => Number(fenToYuan(fen));

export function renderPddOrder(o: SandboxOrder): PddOrder {
  const goods = o.lines.reduce((s, l) => s + l.qty * l.priceFen, 0);
  const refund = o.refund === 'refunded' || o.status === 'cancelled' ? 4 : o.refund === 'requested' ? 2 : 1;
  return {
    order_sn: o.id,
    order_status: o.status === 'shipped' ? 2 : o.status === 'signed' ? 3 : 1,
    refund_status: refund,
    after_sales_status: refund === 4 ? 10 : refund === 2 ? 5 : 0,
    confirm_status: 1,
    group_status: 1,
    trade_type: o.presale ? 1 : 0,
    is_pre_sale: o.presale ? 1 : 0,
    risk_control_status: 0,
    is_stock_out: 0,
    created_time: formatChinaTime(o.createdAt),
    updated_at: formatChinaTime(o.modifiedAt),
    ...(o.paidAt ? { pay_time: formatChinaTime(o.paidAt), confirm_time: formatChinaTime(o.paidAt) } : {}),
    last_ship_time: formatChinaTime(o.createdAt + 48 * 3600_000),
    pay_amount: yuan(goods + o.postFeeFen - o.discountFen),
    goods_amount: yuan(goods),
    discount_amount: yuan(o.discountFen),
    postage: yuan(o.postFeeFen),
    buyer_memo: o.message,
    receiver_name: encrypt(o.receiver.name),
    receiver_phone: encrypt(o.receiver.phone),
    receiver_address: encrypt(o.receiver.detail),
    receiver_name_mask: o.receiver.name,
    receiver_phone_mask: o.receiver.phone,
    receiver_address_mask: `${o.receiver.detail.replace(/\d+/g, '**')}`,
    province: o.receiver.province,
    city: o.receiver.city,
    town: o.receiver.district,
    item_list: o.lines.map((l) => ({ goods_id: l.itemId, sku_id: l.skuId, outer_id: l.skuCode, outer_goods_id: l.skuCode.split('-').slice(0, 2).join('-'), goods_name: l.title, goods_count: l.qty, goods_price: yuan(l.priceFen), goods_spec: '默认' })),
  };
}

/**
 * Pinduoduo sandbox: `POST /api/router` (form), md5 signature, timestamp in unix seconds,
 * window ≤ 30 min of `updated_at`, page size ≤ 100, paid orders only, newest first, and changes
 * visible only after a short indexing lag.
 *
 * @example const pdd = await startPddSandbox(); pdd.shop.create({ status: 'paid' });
 */
export async function startPddSandbox(options: ChannelSandboxOptions<PddCredentials> & { indexLagMs?: number } = {}): Promise<ChannelSandbox<PddCredentials>> {
  const credentials: PddCredentials = { clientId: 'pddsandboxclientid', clientSecret: 'sandbox-pdd-secret', accessToken: 'sandbox-pdd-token', ...options.credentials };
  const now = options.now ?? Date.now;
  const lag = options.indexLagMs ?? PDD_INDEX_LAG_MS;
  const shop = new SandboxShop({
    now,
    seed: options.seed ?? 13,
    orderId: (seq, createdAt) => `${formatChinaTime(createdAt).slice(2, 10).replace(/-/g, '')}-${String(100_000_000_000_000 + seq * 7).slice(0, 15)}`,
  });

  const handle = (req: SandboxRequest) => {
    if (req.path !== '/api/router') return { status: 404, body: { error: 'not found' } };
    const p = formParams(req);
    if (p.client_id !== credentials.clientId) return pddError(10001, 'client_id不存在');
    if (!p.sign || !sameSignature(p.sign, signPdd(p, credentials.clientSecret))) return pddError(10016, '签名错误', 'sign 校验失败');
    if (p.access_token !== credentials.accessToken) return pddError(10019, 'access_token已过期', '请重新授权');
    const ts = Number(p.timestamp) * 1000;
    if (!Number.isFinite(ts) || Math.abs(ts - now()) > TIMESTAMP_TOLERANCE_MS) return pddError(10020, 'timestamp已过期', '时间戳与服务器时间相差过大');
    if (p.type !== TYPE) return pddError(10004, 'type不存在');
    const start = Number(p.start_updated_at) * 1000;
    const end = Number(p.end_updated_at) * 1000;
    if (!Number.isFinite(start) || !Number.isFinite(end)) return pddError(50001, '业务参数错误', 'start_updated_at 与 end_updated_at 必填（秒）');
    if (end < start || end - start > 30 * 60_000) return pddError(50001, '业务参数错误', '查询时间范围不能超过30分钟');
    const page = Number(p.page ?? '1');
    const size = Number(p.page_size ?? '100');
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1 || size > 100) return pddError(50001, '业务参数错误', 'page 从 1 开始，page_size 不超过 100');
    const indexedUpTo = now() - lag;
    const { orders: slice, total } = shop.page(start, Math.min(end, indexedUpTo), { offset: (page - 1) * size, limit: size, visible: pddVisible });
    const useHasNext = p.use_has_next === 'true';
    return {
      body: {
        order_sn_increment_get_response: {
          ...(useHasNext ? {} : { total_count: total }),
          has_next: page * size < total,
          order_sn_list: slice.map(renderPddOrder),
          request_id: Math.random().toString(36).slice(2, 14),
        },
      },
    };
  };

  const http = await listenSandbox({ handle, listKey: (req) => (req.path === '/api/router' ? queryKey(formParams(req), ['page']) : null), throttled: () => pddError(70031, '调用过于频繁，请调整调用频率') }, options);
  return Object.assign(http, { platform: 'pdd' as const, gateway: `${http.url}/api/router`, shop, credentials });
}
