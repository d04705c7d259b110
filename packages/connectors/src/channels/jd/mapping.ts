import { stateOf, type MappingOverrides } from '../channel-client.ts';
import type { ChannelOrder, ChannelOrderState, ShopLabel } from '../channel-order.ts';
import { chinaTimeToIso, parseChinaTime } from '../china-time.ts';
import { yuanToFen } from '../money.ts';
import type { JdOrderInfo } from './order.ts';

export const JD_STATUS: Record<string, ChannelOrderState> = {
  WAIT_SELLER_STOCK_OUT: 'paid',
  WAIT_GOODS_RECEIVE_CONFIRM: 'shipped',
  FINISHED_L: 'signed',
  TRADE_CANCELED: 'cancelled',
  // Locked during after-sales, paused by JD: still paid; review and holds keep it from shipping.
  LOCKED: 'paid',
  PAUSE: 'paid',
};

/**
 * A JD order onto the OMS order. JD lists orders once paid; LOCKED means an after-sales request.
 *
 * @example mapJdOrder(info, { channel: 'jd', tag: '京东自营', orderNoPrefix: 'JD' })
 */
export function mapJdOrder(o: JdOrderInfo, shop: ShopLabel, overrides?: MappingOverrides): ChannelOrder {
  const state = stateOf(o.orderState, JD_STATUS, overrides, 'jd');
  const refund = o.orderState === 'LOCKED' ? 'requested' : 'none';
  const modifiedAt = parseChinaTime(o.modified).toISOString();
  const c = o.consigneeInfo;
  return {
    platform: 'jd',
    channel: shop.channel,
    sourceOrderId: o.orderId,
    modifiedAt,
    state,
    refund,
    data: {
      order_no: `${overrides?.orderNoPrefix ?? shop.orderNoPrefix}${o.orderId}`,
      channel: shop.channel,
      shop_tag: shop.tag,
      source_order_id: o.orderId,
      buyer_nick: o.pin || null,
      buyer_id: o.open_id_buyer || null,
      receiver_name: c?.fullname || null,
      receiver_phone: c?.mobile || c?.telephone || null,
      ship_to: c?.province ? { province: c.province, city: c.city || c.province, district: c.county || c.city || c.province, detail: c.fullAddress || '-', zip: null, hash: c.oaid || null } : null,
      lines: (o.itemInfoList ?? []).map((l) => ({ sku_code: l.outerSkuId || l.skuId, sku_name: l.skuName || null, qty: Number(l.itemTotal), unit_price: yuanToFen(l.jdPrice) ?? 0 })),
      goods_amount: yuanToFen(o.orderTotalPrice),
      discount_amount: yuanToFen(o.sellerDiscount),
      post_fee: yuanToFen(o.freightPrice),
      paid_amount: yuanToFen(o.orderPayment),
      ordered_at: parseChinaTime(o.orderStartTime).toISOString(),
      paid_at: chinaTimeToIso(o.paymentConfirmTime),
      buyer_message: o.orderRemark || null,
      presale: false,
      channel_status: o.orderState,
      refund_status: refund,
      channel_modified_at: modifiedAt,
    },
  };
}
