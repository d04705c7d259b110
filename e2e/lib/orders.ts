import type { ApiSession } from './api-session.ts';

export const APP = 'ecommerce_oms';
let serial = 0;

/**
 * An order's data as a person would key it in (money in fen). Each order has its own buyer,
 * phone and house number, so the template's repeat-buyer and similar-address rules do not hold
 * it (a held order may not be approved).
 */
export function orderData(tag: string): Record<string, unknown> {
  serial += 1;
  const n = `${Date.now()}${String(serial).padStart(3, '0')}`;
  return {
    order_no: `E2E${tag}${n}`,
    channel: 'manual',
    shop_tag: '手工单',
    buyer_nick: `e2e_buyer_${serial}`,
    receiver_name: '张三',
    receiver_phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    ship_to: { province: '浙江省', city: '杭州市', district: '西湖区', detail: `文三路 ${Math.random().toString().slice(2, 8)} 号` },
    lines: [{ sku_code: 'HG-BW-001', sku_name: '316 不锈钢保温杯 500ml', qty: 1, unit_price: 12900 }],
    goods_amount: 12900,
    paid_amount: 12900,
    ordered_at: new Date().toISOString(),
  };
}

/**
 * Creates orders through the API (as an ops user) and confirms their payment, after which the
 * workflow moves them to review by itself. Returns their ids and the state each ended in.
 */
export async function createPaidOrders(ops: ApiSession, count: number, tag: string): Promise<{ id: number; state: string }[]> {
  const out = [];
  for (let i = 0; i < count; i++) {
    const created = await ops.ok('POST', `/api/apps/${APP}/records/order`, { data: orderData(tag) });
    const paid = await ops.ok('POST', `/api/apps/${APP}/records/order/${created.record.id}/transitions/pay`, { version: created.record.version });
    out.push({ id: paid.record.id as number, state: paid.record.data.status as string });
  }
  return out;
}
