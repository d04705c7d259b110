import type { MappingOverrides } from '../channel-client.ts';
import type { ChannelOrder, ChannelOrderState, ChannelRefundState, ShopLabel } from '../channel-order.ts';
import { chinaTimeToIso, parseChinaTime } from '../china-time.ts';
import { yuanToFen } from '../money.ts';
import type { PddOrder } from './order.ts';

const ORDER_STATUS: Record<number, ChannelOrderState> = { 1: 'paid', 2: 'shipped', 3: 'signed' };

/** refund_status: 1 none (or after-sales closed), 2 in progress, 3 refunding, 4 refunded. */
function refundOf(o: PddOrder): ChannelRefundState {
  return o.refund_status === 4 ? 'refunded' : o.refund_status === 2 || o.refund_status === 3 ? 'requested' : 'none';
}

/**
 * A Pinduoduo order onto the OMS order. PDD lists paid orders only; a full refund before
 * shipping closes the order, which is our cancel. Receivers stay as PDD gives them: the
 * encrypted values go nowhere, the masked ones are kept for people to read.
 *
 * @example mapPddOrder(order, { channel: 'pdd', tag: '拼多多旗舰店', orderNoPrefix: 'PDD' })
 */
export function mapPddOrder(o: PddOrder, shop: ShopLabel, overrides?: MappingOverrides): ChannelOrder {
  const refund = refundOf(o);
  const platformStatus = `${o.order_status}/${o.refund_status}`;
  const state: ChannelOrderState | undefined =
    overrides?.status?.[platformStatus] ?? overrides?.status?.[String(o.order_status)] ?? (refund === 'refunded' && o.order_status === 1 ? 'cancelled' : ORDER_STATUS[o.order_status]);
  if (!state) throw new Error(`pdd: unknown order_status ${o.order_status}; map it in the connector's config.mapping.status`);
  const modifiedAt = parseChinaTime(o.updated_at).toISOString();
  return {
    platform: 'pdd',
    channel: shop.channel,
    sourceOrderId: o.order_sn,
    modifiedAt,
    state,
    refund,
    data: {
      order_no: `${overrides?.orderNoPrefix ?? shop.orderNoPrefix}${o.order_sn}`,
      channel: shop.channel,
      shop_tag: shop.tag,
      source_order_id: o.order_sn,
      buyer_nick: null,
      buyer_id: null,
      receiver_name: o.receiver_name_mask || null,
      receiver_phone: o.receiver_phone_mask || null,
      ship_to: o.province ? { province: o.province, city: o.city || o.province, district: o.town || o.city || o.province, detail: o.receiver_address_mask || '-', zip: null, hash: null } : null,
      lines: (o.item_list ?? []).map((l) => ({ sku_code: l.outer_id || String(l.sku_id), sku_name: l.goods_name || l.goods_spec || null, qty: l.goods_count, unit_price: yuanToFen(l.goods_price) ?? 0 })),
      goods_amount: yuanToFen(o.goods_amount),
      discount_amount: yuanToFen(o.discount_amount),
      post_fee: yuanToFen(o.postage),
      paid_amount: yuanToFen(o.pay_amount),
      ordered_at: parseChinaTime(o.created_time).toISOString(),
      paid_at: chinaTimeToIso(o.pay_time),
      buyer_message: o.buyer_memo || null,
      presale: o.is_pre_sale === 1,
      channel_status: platformStatus,
      refund_status: refund,
      channel_modified_at: modifiedAt,
    },
  };
}
