/** A JD POP order as `jingdong.pop.order.search` returns it (strings, as JD sends them). */
export interface JdOrderInfo {
  orderId: string;
  venderId: string;
  orderType?: string;
  orderTotalPrice: string;
  orderSellerPrice: string;
  orderPayment: string;
  freightPrice: string;
  sellerDiscount: string;
  orderState: string;
  orderStateRemark?: string;
  orderStartTime: string;
  modified: string;
  paymentConfirmTime?: string;
  orderEndTime?: string;
  orderRemark?: string;
  open_id_buyer?: string;
  pin?: string;
  consigneeInfo: { fullname: string; mobile: string; telephone?: string; province: string; city: string; county: string; town?: string; fullAddress: string; oaid?: string };
  itemInfoList: { skuId: string; outerSkuId: string; skuName: string; itemTotal: string; jdPrice: string; wareId: string }[];
}

export const JD_OPTIONAL_FIELDS = 'orderId,venderId,orderTotalPrice,orderSellerPrice,orderPayment,freightPrice,sellerDiscount,orderState,orderStartTime,modified,paymentConfirmTime,orderEndTime,orderRemark,open_id_buyer,pin,consigneeInfo,itemInfoList';
