import { stateOf, type MappingOverrides } from '../channel-client.ts';
import type { ChannelOrder, ChannelOrderState, ChannelRefundState, ShopLabel } from '../channel-order.ts';
import { unixToIso } from '../china-time.ts';
import type { DouyinOrder } from './order.ts';

/** 1 to pay, 2 preparing (the only shippable state), 3 shipped, 4 cancelled, 5 completed. */
export const DOUYIN_STATUS: Record<string, ChannelOrderState> = { '1': 'pending_payment', '2': 'paid', '3': 'shipped', '4': 'cancelled', '5': 'signed' };

function refundOf(o: DouyinOrder): ChannelRefundState {
  const r = o.after_sale_info?.refund_status ?? 0;
  return r === 3 ? 'refunded' : r === 1 || r === 2 ? 'requested' : 'none';
}

/**
 * A Douyin shop order onto the OMS order: the masked receiver for people, the
 * `open_address_id` as the address hash; the encrypted values stay with the platform.
 *
 * @example mapDouyinOrder(order, { channel: 'douyin', tag: '抖店旗舰店', orderNoPrefix: 'DY' })
 */
export function mapDouyinOrder(o: DouyinOrder, shop: ShopLabel, overrides?: MappingOverrides): ChannelOrder {
  const state = stateOf(String(o.order_status), DOUYIN_STATUS, overrides, 'douyin');
  const modifiedAt = unixToIso(o.update_time)!;
  const refund = refundOf(o);
  const a = o.post_addr;
  return {
    platform: 'douyin',
    channel: shop.channel,
    sourceOrderId: o.order_id,
    modifiedAt,
    state,
    refund,
    data: {
      order_no: `${overrides?.orderNoPrefix ?? shop.orderNoPrefix}${o.order_id}`,
      channel: shop.channel,
      shop_tag: shop.tag,
      source_order_id: o.order_id,
      buyer_nick: null,
      buyer_id: o.doudian_open_id || null,
      receiver_name: o.mask_post_receiver || null,
      receiver_phone: o.mask_post_tel || null,
      ship_to: a?.province?.name
        ? { province: a.province.name, city: a.city?.name || a.province.name, district: a.town?.name || a.city?.name || a.province.name, detail: [a.street?.name, o.mask_post_addr?.detail].filter(Boolean).join(' ') || '-', zip: null, hash: o.open_address_id || null }
        : null,
      lines: o.sku_order_list.map((l) => ({ sku_code: l.code || l.out_sku_id || String(l.sku_id), sku_name: l.product_name || null, qty: l.item_num, unit_price: Math.round(l.origin_amount / Math.max(1, l.item_num)) })),
      goods_amount: o.order_amount - o.post_amount + o.promotion_amount,
      discount_amount: o.promotion_amount,
      post_fee: o.post_amount,
      paid_amount: o.pay_amount,
      ordered_at: unixToIso(o.create_time)!,
      paid_at: unixToIso(o.pay_time),
      buyer_message: o.buyer_words || null,
      presale: false,
      channel_status: String(o.order_status),
      refund_status: refund,
      channel_modified_at: modifiedAt,
    },
  };
}
