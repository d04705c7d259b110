import type { AppDefinition, Field } from '@statecraft/schema';

/**
 * A small shop definition for the store's own tests: every field type, an address, lines, a
 * reference and a workflow whose state field is not declared among the fields.
 */
export function shopDefinition(): AppDefinition {
  const label = (zh: string) => ({ 'zh-CN': zh });
  const orderFields: Field[] = [
    { id: 'order_no', type: 'text', label: label('订单号'), unique: true },
    { id: 'buyer', type: 'text', label: label('买家'), indexed: true },
    { id: 'phone', type: 'phone', label: label('电话') },
    { id: 'email', type: 'email', label: label('邮箱') },
    { id: 'channel', type: 'enum', label: label('渠道'), options: [{ value: 'taobao', label: label('淘宝') }, { value: 'jd', label: label('京东') }] },
    { id: 'ship_to', type: 'address', label: label('收货地址') },
    { id: 'paid', type: 'money', label: label('实付') },
    { id: 'qty_total', type: 'integer', label: label('件数') },
    { id: 'weight', type: 'decimal', label: label('重量'), scale: 3 },
    { id: 'gift', type: 'boolean', label: label('赠品') },
    { id: 'order_date', type: 'date', label: label('下单日') },
    { id: 'paid_at', type: 'datetime', label: label('支付时间') },
    { id: 'tags', type: 'multienum', label: label('标签'), options: [{ value: 'vip', label: label('VIP') }, { value: 'gift', label: label('赠品') }] },
    { id: 'customer', type: 'reference', label: label('客户'), entity: 'customer' },
    { id: 'remark', type: 'longtext', label: label('备注') },
    { id: 'total', type: 'computed', label: label('合计'), expression: { var: 'paid' }, resultType: 'money' },
    { id: 'lines', type: 'lines', label: label('明细'), entity: 'order_line' },
  ];
  return {
    id: 'shop',
    name: label('小店'),
    version: '1.0.0',
    roles: [{ id: 'ops', label: label('运营') }],
    entities: [
      {
        id: 'order',
        label: label('订单'),
        fields: orderFields as [Field, ...Field[]],
        indexes: [{ id: 'by_channel_date', fields: ['channel', 'order_date'] }],
      },
      {
        id: 'order_line',
        label: label('订单明细'),
        fields: [
          { id: 'sku', type: 'text', label: label('SKU') },
          { id: 'qty', type: 'integer', label: label('数量') },
          { id: 'price', type: 'money', label: label('单价') },
        ],
      },
      { id: 'customer', label: label('客户'), fields: [{ id: 'name', type: 'text', label: label('姓名') }] },
    ],
    workflows: [
      {
        id: 'order_flow',
        label: label('订单流程'),
        entity: 'order',
        stateField: 'status',
        states: [
          { id: 'paid', label: label('已支付'), kind: 'initial' },
          { id: 'reviewed', label: label('已审核'), kind: 'normal' },
          { id: 'shipped', label: label('已发货'), kind: 'final' },
        ],
        transitions: [{ id: 'review', from: ['paid'], to: 'reviewed', label: label('审核'), trigger: 'manual' }],
      },
    ],
    rules: [],
    connectors: [],
    dashboards: [],
    reports: [],
  };
}

/** A fully filled order, as the API would send it. */
export function sampleOrder(n = 1): Record<string, unknown> {
  return {
    order_no: `TB-${String(n).padStart(6, '0')}`,
    buyer: `买家${n % 7}`,
    phone: '138****1234',
    email: null,
    channel: n % 2 === 0 ? 'jd' : 'taobao',
    ship_to: { province: '浙江省', city: '杭州市', district: '西湖区', detail: `文三路 ${n} 号`, zip: '310000' },
    paid: 12900 + n,
    qty_total: 3,
    weight: 1.25,
    gift: n % 3 === 0,
    order_date: '2024-11-11',
    paid_at: '2024-11-11T08:00:00+08:00',
    tags: ['vip'],
    customer: null,
    remark: null,
    total: 12900 + n,
    status: 'paid',
    lines: [
      { sku: 'A-1', qty: 2, price: 4300 },
      { sku: 'B-2', qty: 1, price: 4300 + n },
    ],
  };
}
