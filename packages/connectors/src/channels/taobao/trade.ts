/** The TOP trade as `taobao.trades.sold.increment.get` returns it (the fields we ask for). */
export interface TopOrderLine {
  oid: number;
  oid_str?: string;
  num_iid: number;
  sku_id?: string;
  outer_iid?: string;
  outer_sku_id?: string;
  title?: string;
  num: number;
  price: string;
  payment: string;
  sku_properties_name?: string;
  status: string;
  refund_status?: string;
}

export interface TopTrade {
  tid: number;
  tid_str?: string;
  status: string;
  type: string;
  payment: string;
  total_fee: string;
  post_fee: string;
  discount_fee: string;
  created: string;
  modified: string;
  pay_time?: string;
  consign_time?: string;
  end_time?: string;
  buyer_nick?: string;
  buyer_open_uid?: string;
  buyer_message?: string;
  receiver_name?: string;
  receiver_state?: string;
  receiver_city?: string;
  receiver_district?: string;
  receiver_town?: string;
  receiver_address?: string;
  receiver_zip?: string;
  receiver_mobile?: string;
  oaid?: string;
  step_trade_status?: string;
  step_paid_fee?: string;
  orders: { order: TopOrderLine[] };
}

/** The fields the connector asks for (TOP returns only what `fields` names). */
export const TOP_TRADE_FIELDS = [
  'tid', 'tid_str', 'status', 'type', 'payment', 'total_fee', 'post_fee', 'discount_fee', 'created', 'modified', 'pay_time', 'consign_time', 'end_time',
  'buyer_nick', 'buyer_open_uid', 'buyer_message', 'receiver_name', 'receiver_state', 'receiver_city', 'receiver_district', 'receiver_town',
  'receiver_address', 'receiver_zip', 'receiver_mobile', 'oaid', 'step_trade_status', 'step_paid_fee', 'orders',
].join(',');
