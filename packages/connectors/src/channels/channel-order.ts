/**
 * What every channel connector produces: one order as the platform reported it, already mapped
 * onto the OMS order's data, with the platform's own status reduced to what the order workflow
 * understands. The intake decides from it whether to create, update, fire events or skip.
 */

/** The connector implementations (`Connector.platform` in the app definition). */
export const CHANNEL_PLATFORMS = ['taobao', 'jd', 'pdd', 'wechat_channels', 'douyin'] as const;
export type ChannelPlatform = (typeof CHANNEL_PLATFORMS)[number];

/**
 * Where an order is in its life as far as the channel is concerned. The intake turns a change of
 * it into the template's events: `paid` → `channel.paid`, `cancelled` → `channel.cancelled`,
 * `signed` → `channel.signed`. `shipped` is the seller's own doing and fires nothing.
 */
export type ChannelOrderState = 'pending_payment' | 'paid' | 'shipped' | 'signed' | 'cancelled';

/** After-sales as the platform reports it (a refund is recorded on the order, it is not a state). */
export type ChannelRefundState = 'none' | 'requested' | 'refunded';

/** An order line in the OMS `order_line` shape (money in fen). */
export interface ChannelOrderLine {
  sku_code: string;
  sku_name: string | null;
  qty: number;
  unit_price: number;
  gift?: boolean;
}

/** The OMS order data a connector fills (field ids of `templates/ecommerce-oms` order). */
export interface ChannelOrderData {
  order_no: string;
  channel: string;
  shop_tag: string | null;
  source_order_id: string;
  buyer_nick: string | null;
  buyer_id: string | null;
  receiver_name: string | null;
  receiver_phone: string | null;
  ship_to: { province: string; city: string; district: string; detail: string; zip?: string | null; hash?: string | null } | null;
  lines: ChannelOrderLine[];
  goods_amount: number | null;
  discount_amount: number | null;
  post_fee: number | null;
  paid_amount: number | null;
  ordered_at: string;
  paid_at: string | null;
  buyer_message: string | null;
  presale: boolean;
  channel_status: string;
  refund_status: ChannelRefundState;
  channel_modified_at: string;
  [extra: string]: unknown;
}

export interface ChannelOrder {
  platform: ChannelPlatform | 'webhook' | 'import';
  /** The `order.channel` value (taobao, jd, pdd, wechat, douyin, manual). */
  channel: string;
  /** The platform's own order id: with `channel`, the dedup key (`uq_channel_source`). */
  sourceOrderId: string;
  /** The platform's modified time (ISO 8601 UTC): a newer one updates the stored order. */
  modifiedAt: string;
  state: ChannelOrderState;
  refund: ChannelRefundState;
  data: ChannelOrderData;
}

/** The shop a connector pulls for: it labels every order it brings in. */
export interface ShopLabel {
  /** `order.channel` value; defaults per platform (wechat_channels → wechat). */
  channel: string;
  /** Shown on every order, e.g. 淘宝天猫店. */
  tag: string | null;
  /** Prefix of the OMS order number, e.g. TB → TB4012345678901234. */
  orderNoPrefix: string;
}

/** The `order.channel` value and order-number prefix each platform uses unless configured. */
export const PLATFORM_DEFAULTS: Record<ChannelPlatform, { channel: string; orderNoPrefix: string }> = {
  taobao: { channel: 'taobao', orderNoPrefix: 'TB' },
  jd: { channel: 'jd', orderNoPrefix: 'JD' },
  pdd: { channel: 'pdd', orderNoPrefix: 'PDD' },
  wechat_channels: { channel: 'wechat', orderNoPrefix: 'WX' },
  douyin: { channel: 'douyin', orderNoPrefix: 'DY' },
};

/** The workflow events a state reached means, in the order they must be fired. */
export function eventsFor(from: ChannelOrderState | null, to: ChannelOrderState): string[] {
  const rank: Record<ChannelOrderState, number> = { pending_payment: 0, paid: 1, shipped: 2, signed: 3, cancelled: -1 };
  if (to === 'cancelled') return from === 'cancelled' ? [] : ['channel.cancelled'];
  const before = from === null ? 0 : rank[from];
  if (from === 'cancelled') return [];
  const events: string[] = [];
  if (before < 1 && rank[to] >= 1) events.push('channel.paid');
  if (before < 3 && rank[to] >= 3) events.push('channel.signed');
  return events;
}

/**
 * How far along an order is, to order two copies with the same modified second (platforms keep
 * whole seconds): the more advanced copy wins, so a same-second pay-then-cancel is not lost.
 */
export function progressOf(o: Pick<ChannelOrder, 'state' | 'refund'>): number {
  const state = { pending_payment: 0, paid: 1, shipped: 2, signed: 3, cancelled: 4 }[o.state];
  const refund = { none: 0, requested: 1, refunded: 2 }[o.refund];
  return state * 3 + refund;
}

/** Whether `incoming` is a newer version of the order than `kept` (see progressOf). */
export function isNewer(incoming: Pick<ChannelOrder, 'modifiedAt' | 'state' | 'refund'>, kept: Pick<ChannelOrder, 'modifiedAt' | 'state' | 'refund'>): boolean {
  const a = Date.parse(incoming.modifiedAt);
  const b = Date.parse(kept.modifiedAt);
  return a > b || (a === b && progressOf(incoming) > progressOf(kept));
}
