import type { WechatCredentials } from '../channels/wechat_channels/client.ts';
import type { WechatOrder } from '../channels/wechat_channels/order.ts';
import type { ChannelSandbox, ChannelSandboxOptions } from './channel-sandbox.ts';
import { listenSandbox, queryKey, type SandboxRequest } from './sandbox-server.ts';
import { SandboxShop, type SandboxOrder } from './sandbox-shop.ts';

const WEEK = 7 * 24 * 3600_000;
const wxError = (errcode: number, errmsg: string) => ({ body: { errcode, errmsg } });

export function wechatStatus(o: SandboxOrder): number {
  switch (o.status) {
    case 'unpaid':
      return 10;
    case 'paid':
      return 20;
    case 'shipped':
      return 30;
    case 'signed':
      return 100;
    case 'cancelled':
      return o.refund === 'refunded' ? 200 : 250;
  }
}

const sec = (ms: number | null) => (ms === null ? 0 : Math.floor(ms / 1000));

export function renderWechatOrder(o: SandboxOrder): WechatOrder {
  const goods = o.lines.reduce((s, l) => s + l.qty * l.priceFen, 0);
  return {
    order_id: o.id,
    status: wechatStatus(o),
    create_time: sec(o.createdAt),
    update_time: sec(o.modifiedAt),
    openid: o.buyer.openId,
    order_detail: {
      product_infos: o.lines.map((l) => ({ product_id: String(l.itemId), sku_id: String(l.skuId), sku_cnt: l.qty, sale_price: l.priceFen, real_price: l.priceFen * l.qty, title: l.title, sku_code: l.skuCode, out_product_id: l.skuCode.split('-').slice(0, 2).join('-'), out_sku_id: l.skuCode })),
      price_info: { product_price: goods, order_price: goods + o.postFeeFen - o.discountFen, freight: o.postFeeFen, discounted_price: o.discountFen },
      ...(o.paidAt ? { pay_info: { pay_time: sec(o.paidAt), transaction_id: `4200${o.id}` } } : {}),
      delivery_info: {
        address_info: {
          user_name: o.receiver.name,
          postal_code: o.receiver.zip,
          province_name: o.receiver.province,
          city_name: o.receiver.city,
          county_name: o.receiver.district,
          detail_info: o.receiver.detail,
          tel_number: o.receiver.phone,
          // Channels shops hand out a virtual number: the real one plus an extension.
          virtual_order_tel_number: `1700000${String(o.seq % 10000).padStart(4, '0')}-${String(o.seq % 9000 + 1000)}`,
          hash_code: o.receiver.hash,
        },
      },
      ext_info: { customer_notes: o.message },
    },
    aftersale_detail: {
      on_aftersale_order_cnt: o.refund === 'requested' ? 1 : 0,
      aftersale_order_list: o.refund === 'none' ? [] : [{ aftersale_order_id: `AS${o.id}`, status: o.refund === 'refunded' ? 'MERCHANT_REFUND_SUCCESS' : 'USER_APPLY' }],
    },
  };
}

/** next_key: where the last page stopped, as (update time, sequence); stable while orders change. */
const encodeKey = (o: SandboxOrder) => Buffer.from(JSON.stringify([o.modifiedAt, o.seq])).toString('base64url');
function decodeKey(key: string): [number, number] | null {
  try {
    const v = JSON.parse(Buffer.from(key, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number') ? (v as [number, number]) : null;
  } catch {
    return null;
  }
}

/**
 * WeChat Channels shop sandbox: `/cgi-bin/stable_token` for an access_token, then
 * `POST /channels/ec/order/list/get` (a time range is required, ≤ 7 days, page_size ≤ 100,
 * `next_key` paging, newest first) and `POST /channels/ec/order/get`. Failures are a non-zero
 * `errcode` with HTTP 200, as on WeChat.
 *
 * @example const wx = await startWechatChannelsSandbox(); wx.shop.create();
 */
export async function startWechatChannelsSandbox(options: ChannelSandboxOptions<WechatCredentials> = {}): Promise<ChannelSandbox<WechatCredentials>> {
  const credentials: WechatCredentials = { appId: 'wxsandbox0000001', appSecret: 'sandbox-wechat-secret', ...options.credentials };
  const now = options.now ?? Date.now;
  const shop = new SandboxShop({ now, seed: options.seed ?? 14, orderId: (seq) => String(3_700_000_000_000_000 + seq * 31) });
  const tokens = new Map<string, number>();
  let issued = 0;

  const tokenOk = (req: SandboxRequest) => {
    const t = req.query.get('access_token') ?? '';
    const exp = tokens.get(t);
    return exp !== undefined && exp > now();
  };
  const json = (req: SandboxRequest): Record<string, unknown> | null => {
    try {
      return JSON.parse(req.body || '{}') as Record<string, unknown>;
    } catch {
      return null;
    }
  };

  const handle = (req: SandboxRequest) => {
    const body = json(req);
    if (body === null) return wxError(47001, 'data format error');
    if (req.path === '/cgi-bin/stable_token') {
      if (body.grant_type !== 'client_credential') return wxError(40002, 'invalid grant_type');
      if (body.appid !== credentials.appId) return wxError(40013, 'invalid appid');
      if (body.secret !== credentials.appSecret) return wxError(40125, 'invalid appsecret');
      const token = `sandbox-wx-token-${++issued}`;
      tokens.set(token, now() + 7200_000);
      return { body: { access_token: token, expires_in: 7200 } };
    }
    if (req.path !== '/channels/ec/order/list/get' && req.path !== '/channels/ec/order/get') return { status: 404, body: { errcode: 404, errmsg: 'not found' } };
    if (!tokenOk(req)) return wxError(40001, 'invalid credential, access_token is invalid or not latest');
    if (req.path === '/channels/ec/order/get') {
      const order = shop.get(String(body.order_id ?? ''));
      if (!order) return wxError(100002, 'order not exist');
      return { body: { errcode: 0, errmsg: 'ok', order: renderWechatOrder(order) } };
    }
    const range = (body.update_time_range ?? body.create_time_range) as { start_time?: number; end_time?: number } | undefined;
    if (!range || typeof range.start_time !== 'number' || typeof range.end_time !== 'number') return wxError(47001, 'data format error: update_time_range or create_time_range is required');
    const start = range.start_time * 1000;
    const end = range.end_time * 1000;
    if (end < start || end - start > WEEK) return wxError(47001, 'data format error: the time range must not exceed 7 days');
    const size = Number(body.page_size ?? 10);
    if (!Number.isInteger(size) || size < 1 || size > 100) return wxError(47001, 'data format error: page_size must be 1-100');
    const byCreate = !body.update_time_range;
    const key = typeof body.next_key === 'string' && body.next_key ? decodeKey(body.next_key) : null;
    if (body.next_key && !key) return wxError(47001, 'data format error: invalid next_key');
    const status = typeof body.status === 'number' ? body.status : null;
    let page: SandboxOrder[];
    let hasMore: boolean;
    if (byCreate) {
      // Listing by creation time is rare (no index on it here): a scan, as on a small shop.
      let all = shop.all().filter((o) => o.createdAt >= start && o.createdAt <= end && (status === null || wechatStatus(o) === status)).sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
      if (key) all = all.filter((o) => o.modifiedAt < key[0] || (o.modifiedAt === key[0] && o.seq < key[1]));
      page = all.slice(0, size);
      hasMore = all.length > size;
    } else {
      // By update time: the (modified, seq) index from the key's position, one row past the page.
      const read = shop.page(start, end, { limit: size + 1, ...(key ? { before: { modifiedAt: key[0], seq: key[1] } } : {}), ...(status !== null ? { visible: (o: SandboxOrder) => wechatStatus(o) === status } : {}) });
      page = read.orders.slice(0, size);
      hasMore = read.orders.length > size;
    }
    return { body: { errcode: 0, errmsg: 'ok', order_id_list: page.map((o) => o.id), next_key: page.length ? encodeKey(page[page.length - 1]!) : (body.next_key ?? ''), has_more: hasMore } };
  };

  const http = await listenSandbox(
    { handle, listKey: (req) => (req.path === '/channels/ec/order/list/get' ? queryKey(json(req) ?? {}, ['next_key']) : null), throttled: () => wxError(45011, 'api minute-quota reach limit mustslower retry next minute') },
    options,
  );
  return Object.assign(http, { platform: 'wechat_channels' as const, gateway: http.url, shop, credentials });
}
