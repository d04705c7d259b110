import { stateOf, type MappingOverrides } from '../channel-client.ts';
import type { ChannelOrder, ChannelOrderState, ChannelRefundState, ShopLabel } from '../channel-order.ts';
import { unixToIso } from '../china-time.ts';
import type { WechatOrder } from './order.ts';

export const WECHAT_STATUS: Record<string, ChannelOrderState> = {
  '10': 'pending_payment',
  '20': 'paid',
  '21': 'paid',
  '30': 'shipped',
  '100': 'signed',
  '190': 'cancelled',
  '200': 'cancelled',
  '250': 'cancelled',
};

function refundOf(o: WechatOrder): ChannelRefundState {
  if (o.status === 200) return 'refunded';
  const list = o.aftersale_detail?.aftersale_order_list ?? [];
  if (list.some((a) => a.status === 'MERCHANT_REFUND_SUCCESS' || a.status === 'REFUND_SUCCESS')) return 'refunded';
  return (o.aftersale_detail?.on_aftersale_order_cnt ?? 0) > 0 ? 'requested' : 'none';
}

/**
 * A Channels shop order onto the OMS order: prices already in fen, the virtual number kept as
 * the phone, `hash_code` (one per receiving address in the shop) as the address hash.
 *
 * @example mapWechatOrder(order, { channel: 'wechat', tag: '视频号小店', orderNoPrefix: 'WX' })
 */
export function mapWechatOrder(o: WechatOrder, shop: ShopLabel, overrides?: MappingOverrides): ChannelOrder {
  const state = stateOf(String(o.status), WECHAT_STATUS, overrides, 'wechat_channels');
  const modifiedAt = unixToIso(o.update_time)!;
  const refund = refundOf(o);
  const a = o.order_detail.delivery_info?.address_info;
  const price = o.order_detail.price_info;
  return {
    platform: 'wechat_channels',
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
      buyer_id: o.openid || null,
      receiver_name: a?.user_name || null,
      receiver_phone: a?.virtual_order_tel_number || a?.tel_number || null,
      ship_to: a?.province_name ? { province: a.province_name, city: a.city_name || a.province_name, district: a.county_name || a.city_name || a.province_name, detail: a.detail_info || '-', zip: a.postal_code || null, hash: a.hash_code || null } : null,
      lines: o.order_detail.product_infos.map((p) => ({ sku_code: p.sku_code || p.out_sku_id || p.sku_id, sku_name: p.title || null, qty: p.sku_cnt, unit_price: p.sale_price })),
      goods_amount: price.product_price,
      discount_amount: price.discounted_price,
      post_fee: price.freight,
      paid_amount: price.order_price,
      ordered_at: unixToIso(o.create_time)!,
      paid_at: unixToIso(o.order_detail.pay_info?.pay_time),
      buyer_message: o.order_detail.ext_info?.customer_notes || null,
      presale: false,
      channel_status: String(o.status),
      refund_status: refund,
      channel_modified_at: modifiedAt,
    },
  };
}
