import { createHash } from 'node:crypto';
import { parseChinaTime } from '../channels/china-time.ts';
import type { DouyinCredentials } from '../channels/douyin/client.ts';
import type { DouyinOrder } from '../channels/douyin/order.ts';
import { signDouyin } from '../channels/douyin/signing.ts';
import { sameSignature } from '../channels/signing.ts';
import { TIMESTAMP_TOLERANCE_MS, type ChannelSandbox, type ChannelSandboxOptions } from './channel-sandbox.ts';
import { listenSandbox, queryKey, type SandboxRequest } from './sandbox-server.ts';
import { SandboxShop, type SandboxOrder } from './sandbox-shop.ts';

const dyError = (code: number, msg: string, sub_code: string, sub_msg: string) => ({ body: { code, msg, sub_code, sub_msg, data: {}, log_id: Math.random().toString(36).slice(2, 14) } });
const sec = (ms: number | null) => (ms === null ? 0 : Math.floor(ms / 1000));
const encrypt = (s: string) => `#${createHash('sha256').update(s).digest('base64').slice(0, 24)}#*CgwIARCtHBiqIC`;

export function douyinStatus(o: SandboxOrder): number {
  return { unpaid: 1, paid: 2, shipped: 3, cancelled: 4, signed: 5 }[o.status];
}

export function renderDouyinOrder(o: SandboxOrder): DouyinOrder {
  const goods = o.lines.reduce((s, l) => s + l.qty * l.priceFen, 0);
  const status = douyinStatus(o);
  return {
    order_id: o.id,
    order_status: status,
    order_status_desc: ['', '待支付', '备货中', '已发货', '已取消', '已完成'][status]!,
    create_time: sec(o.createdAt),
    update_time: sec(o.modifiedAt),
    pay_time: sec(o.paidAt),
    order_amount: goods + o.postFeeFen - o.discountFen,
    pay_amount: o.paidAt ? goods + o.postFeeFen - o.discountFen : 0,
    post_amount: o.postFeeFen,
    promotion_amount: o.discountFen,
    buyer_words: o.message,
    doudian_open_id: o.buyer.openId,
    mask_post_receiver: o.receiver.name,
    mask_post_tel: o.receiver.phone,
    encrypt_post_receiver: encrypt(o.receiver.name),
    encrypt_post_tel: encrypt(o.receiver.phone),
    open_address_id: o.receiver.hash,
    post_addr: { province: { name: o.receiver.province, id: '33' }, city: { name: o.receiver.city, id: '3301' }, town: { name: o.receiver.district, id: '330106' }, street: { name: '', id: '' }, encrypt_detail: encrypt(o.receiver.detail) },
    mask_post_addr: { detail: o.receiver.detail.replace(/\d+/g, '**') },
    after_sale_info: { after_sale_status: o.refund === 'none' ? 0 : o.refund === 'requested' ? 6 : 12, refund_status: o.refund === 'none' ? 0 : o.refund === 'requested' ? 1 : 3 },
    sku_order_list: o.lines.map((l) => ({ sku_id: l.skuId, product_id: String(l.itemId), product_name: l.title, item_num: l.qty, origin_amount: l.priceFen * l.qty, sum_amount: l.priceFen * l.qty, out_sku_id: l.skuCode, code: l.skuCode })),
  };
}

/**
 * Douyin shop sandbox: `POST /order/searchList?app_key…&method=order.searchList&param_json…&sign…`,
 * md5 or hmac-sha256 signature, timestamp ±10 min, `update_time_start/end` in seconds, page from
 * 0, size ≤ 100, newest first, `has_more` only; failures are `code` ≠ 10000.
 *
 * @example const dy = await startDouyinSandbox(); dy.shop.create();
 */
export async function startDouyinSandbox(options: ChannelSandboxOptions<DouyinCredentials> = {}): Promise<ChannelSandbox<DouyinCredentials>> {
  const credentials: DouyinCredentials = { appKey: '7000000000000000001', appSecret: 'sandbox-douyin-secret', accessToken: 'sandbox-douyin-token', ...options.credentials };
  const now = options.now ?? Date.now;
  const shop = new SandboxShop({ now, seed: options.seed ?? 15, orderId: (seq) => String(6_900_000_000_000_000 + seq * 17) });

  const handle = (req: SandboxRequest) => {
    if (req.path !== '/order/searchList') return { status: 404, body: { code: 40001, msg: 'not found' } };
    const q = Object.fromEntries(req.query) as Record<string, string>;
    const paramJson = q.param_json ?? req.body;
    if (q.app_key !== credentials.appKey) return dyError(30001, 'app_key 不存在', 'isv.app-key-invalid', '应用不存在');
    const method = (q.sign_method ?? 'md5') as 'md5' | 'hmac-sha256';
    if (method !== 'md5' && method !== 'hmac-sha256') return dyError(40004, '签名方式错误', 'isv.sign-method-invalid', 'sign_method 只能是 md5 或 hmac-sha256');
    const expected = signDouyin({ app_key: q.app_key, method: q.method ?? '', param_json: paramJson, timestamp: q.timestamp ?? '', v: q.v ?? '' }, credentials.appSecret, method);
    if (!q.sign || !sameSignature(q.sign.toLowerCase(), expected)) return dyError(40004, '验证签名失败', 'isv.signature-invalid', '签名校验失败，请检查 app_secret 与参数排序');
    if (q.access_token !== credentials.accessToken) return dyError(30002, 'access_token 已过期', 'isv.access-token-expired', '请刷新 access_token');
    let ts: number;
    try {
      ts = parseChinaTime(q.timestamp ?? '').getTime();
    } catch {
      return dyError(40004, '时间戳格式错误', 'isv.parameter-invalid:timestamp', 'yyyy-MM-dd HH:mm:ss');
    }
    if (Math.abs(ts - now()) > TIMESTAMP_TOLERANCE_MS) return dyError(40004, '时间戳已过期', 'isv.timestamp-expired', '与服务器时间相差超过 10 分钟');
    if (q.method !== 'order.searchList' || q.v !== '2') return dyError(40004, '方法或版本错误', 'isv.method-invalid', 'method=order.searchList, v=2');
    let p: Record<string, unknown>;
    try {
      p = JSON.parse(paramJson) as Record<string, unknown>;
    } catch {
      return dyError(40004, 'param_json 不是合法的 JSON', 'isv.parameter-invalid:param_json', '');
    }
    const start = Number(p.update_time_start) * 1000;
    const end = Number(p.update_time_end) * 1000;
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return dyError(40004, '参数错误', 'isv.parameter-invalid:update_time', 'update_time_start 与 update_time_end 必填（秒）');
    const page = Number(p.page ?? 0);
    const size = Number(p.size ?? 10);
    if (!Number.isInteger(page) || page < 0 || !Number.isInteger(size) || size < 1 || size > 100) return dyError(40004, '参数错误', 'isv.parameter-invalid:page', 'page 从 0 开始，size 不超过 100');
    const { orders: slice, total } = shop.page(start, end, { offset: page * size, limit: size });
    return { body: { code: 10000, msg: 'success', sub_code: '', sub_msg: '', data: { shop_order_list: slice.map(renderDouyinOrder), page, size, has_more: (page + 1) * size < total }, log_id: Math.random().toString(36).slice(2, 14) } };
  };

  const http = await listenSandbox(
    {
      handle,
      listKey: (req) => {
        if (req.path !== '/order/searchList') return null;
        try {
          return queryKey(JSON.parse(req.query.get('param_json') ?? req.body) as Record<string, unknown>, ['page']);
        } catch {
          return '';
        }
      },
      throttled: () => dyError(50002, '请求过于频繁', 'isv.frequency-limited', '超过调用频率限制，请稍后重试'),
    },
    options,
  );
  return Object.assign(http, { platform: 'douyin' as const, gateway: http.url, shop, credentials });
}
