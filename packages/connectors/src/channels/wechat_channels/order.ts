/** A WeChat Channels shop order as `/channels/ec/order/get` returns it (money in fen, unix seconds). */
export interface WechatOrder {
  order_id: string;
  status: number;
  create_time: number;
  update_time: number;
  openid: string;
  order_detail: {
    product_infos: { product_id: string; sku_id: string; sku_cnt: number; sale_price: number; real_price: number; title: string; sku_code: string; out_product_id: string; out_sku_id: string }[];
    price_info: { product_price: number; order_price: number; freight: number; discounted_price: number };
    pay_info?: { pay_time?: number; transaction_id?: string };
    delivery_info: {
      address_info: { user_name: string; postal_code: string; province_name: string; city_name: string; county_name: string; detail_info: string; tel_number: string; virtual_order_tel_number?: string; hash_code: string };
    };
    ext_info?: { customer_notes?: string };
  };
  aftersale_detail?: { on_aftersale_order_cnt: number; aftersale_order_list: { aftersale_order_id: string; status: string }[] };
}
