import type { ChannelOrder, ChannelOrderState, ChannelRefundState, ShopLabel } from '../channel-order.ts';
import { stateOf, type MappingOverrides } from '../channel-client.ts';
import { chinaTimeToIso, parseChinaTime } from '../china-time.ts';
import { yuanToFen } from '../money.ts';
import type { TopTrade } from './trade.ts';

export const TOP_STATUS: Record<string, ChannelOrderState> = {
  TRADE_NO_CREATE_PAY: 'pending_payment',
  WAIT_BUYER_PAY: 'pending_payment',
  PAY_PENDING: 'pending_payment',
  WAIT_SELLER_SEND_GOODS: 'paid',
  // Paid but must not ship yet: paid for the workflow; the review step holds it back.
  PAID_FORBID_CONSIGN: 'paid',
  SELLER_CONSIGNED_PART: 'paid',
  WAIT_BUYER_CONFIRM_GOODS: 'shipped',
  TRADE_BUYER_SIGNED: 'signed',
  TRADE_FINISHED: 'signed',
  TRADE_CLOSED: 'cancelled',
  TRADE_CLOSED_BY_TAOBAO: 'cancelled',
};

const REFUND_REQUESTED = new Set(['WAIT_SELLER_AGREE', 'WAIT_BUYER_RETURN_GOODS', 'WAIT_SELLER_CONFIRM_GOODS']);

function refundOf(trade: TopTrade): ChannelRefundState {
  const lines = trade.orders?.order ?? [];
  if (lines.some((l) => l.refund_status === 'SUCCESS')) return 'refunded';
  if (lines.some((l) => l.refund_status && REFUND_REQUESTED.has(l.refund_status))) return 'requested';
  return 'none';
}

/**
 * A TOP trade onto the OMS order: money from yuan strings to fen, China times to UTC, the
 * receiver kept masked as TOP gives it, with the OAID as the address hash for matching.
 *
 * @example mapTopTrade(trade, { channel: 'taobao', tag: '淘宝天猫店', orderNoPrefix: 'TB' })
 */
export function mapTopTrade(trade: TopTrade, shop: ShopLabel, overrides?: MappingOverrides): ChannelOrder {
  const id = trade.tid_str ?? String(trade.tid);
  const state = stateOf(trade.status, TOP_STATUS, overrides, 'taobao');
  const modifiedAt = parseChinaTime(trade.modified).toISOString();
  const refund = refundOf(trade);
  const address = trade.receiver_state
    ? {
        province: trade.receiver_state,
        city: trade.receiver_city || trade.receiver_state,
        district: trade.receiver_district || trade.receiver_city || trade.receiver_state,
        detail: [trade.receiver_town, trade.receiver_address].filter(Boolean).join(' ') || '-',
        zip: trade.receiver_zip || null,
        hash: trade.oaid || null,
      }
    : null;
  return {
    platform: 'taobao',
    channel: shop.channel,
    sourceOrderId: id,
    modifiedAt,
    state,
    refund,
    data: {
      order_no: `${overrides?.orderNoPrefix ?? shop.orderNoPrefix}${id}`,
      channel: shop.channel,
      shop_tag: shop.tag,
      source_order_id: id,
      buyer_nick: trade.buyer_nick || null,
      buyer_id: trade.buyer_open_uid || null,
      receiver_name: trade.receiver_name || null,
      receiver_phone: trade.receiver_mobile || null,
      ship_to: address,
      lines: (trade.orders?.order ?? []).map((l) => ({
        sku_code: l.outer_sku_id || l.outer_iid || `${l.num_iid}:${l.sku_id ?? ''}`,
        sku_name: l.title ?? l.sku_properties_name ?? null,
        qty: l.num,
        unit_price: yuanToFen(l.price) ?? 0,
      })),
      goods_amount: yuanToFen(trade.total_fee),
      discount_amount: yuanToFen(trade.discount_fee),
      post_fee: yuanToFen(trade.post_fee),
      paid_amount: yuanToFen(trade.payment),
      ordered_at: parseChinaTime(trade.created).toISOString(),
      paid_at: chinaTimeToIso(trade.pay_time),
      buyer_message: trade.buyer_message || null,
      presale: Boolean(trade.step_trade_status),
      channel_status: trade.status,
      refund_status: refund,
      channel_modified_at: modifiedAt,
    },
  };
}
