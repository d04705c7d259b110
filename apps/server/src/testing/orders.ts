/**
 * Order data for tests: a valid Tmall order of one line (money in fen). Each order has its own
 * buyer and house number, so the template's repeat-buyer and similar-address rules stay quiet
 * unless a test sets those on purpose.
 */
export function orderData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = Math.random().toString().slice(2, 14);
  return {
    order_no: `SO${n}`,
    channel: 'taobao',
    shop_tag: '淘宝天猫店',
    buyer_nick: `buyer_${n}`,
    receiver_name: '林**',
    receiver_phone: '138****6621',
    ship_to: { province: '浙江省', city: '杭州市', district: '西湖区', detail: `文三路 ${n.slice(0, 6)} 号` },
    lines: [{ sku_code: 'HG-SN-001', sku_name: '透明收纳盒', qty: 2, unit_price: 5990 }],
    goods_amount: 11980,
    paid_amount: 11980,
    ordered_at: '2024-11-11T00:00:05.000Z',
    ...overrides,
  };
}
