/** A Pinduoduo order as `pdd.order.number.list.increment.get` returns it (money in yuan). */
export interface PddOrder {
  order_sn: string;
  order_status: number;
  refund_status: number;
  after_sales_status: number;
  confirm_status: number;
  group_status: number;
  trade_type: number;
  is_pre_sale: number;
  pre_sale_time?: string;
  risk_control_status: number;
  is_stock_out: number;
  created_time: string;
  updated_at: string;
  confirm_time?: string;
  pay_time?: string;
  last_ship_time?: string;
  pay_amount: number;
  goods_amount: number;
  discount_amount: number;
  postage: number;
  tracking_number?: string;
  logistics_id?: number;
  buyer_memo?: string;
  receiver_name: string;
  receiver_phone: string;
  receiver_address: string;
  receiver_name_mask: string;
  receiver_phone_mask: string;
  receiver_address_mask: string;
  province: string;
  city: string;
  town: string;
  item_list: { goods_id: number; sku_id: number; outer_id: string; outer_goods_id: string; goods_name: string; goods_count: number; goods_price: number; goods_spec: string }[];
}
