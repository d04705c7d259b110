/** A Douyin shop order as `order.searchList` returns it (money in fen, unix seconds). */
export interface DouyinOrder {
  order_id: string;
  order_status: number;
  order_status_desc: string;
  create_time: number;
  update_time: number;
  pay_time: number;
  order_amount: number;
  pay_amount: number;
  post_amount: number;
  promotion_amount: number;
  buyer_words: string;
  doudian_open_id: string;
  mask_post_receiver: string;
  mask_post_tel: string;
  encrypt_post_receiver: string;
  encrypt_post_tel: string;
  open_address_id: string;
  post_addr: { province: { name: string; id: string }; city: { name: string; id: string }; town: { name: string; id: string }; street: { name: string; id: string }; encrypt_detail: string };
  mask_post_addr: { detail: string };
  after_sale_info?: { after_sale_status: number; refund_status: number };
  sku_order_list: { sku_id: number; product_id: string; product_name: string; item_num: number; origin_amount: number; sum_amount: number; out_sku_id: string; code: string }[];
}
