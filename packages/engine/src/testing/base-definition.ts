import type { AppDefinition } from '@statecraft/schema';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/**
 * A small valid definition for tests: a ticket with every field type, lines with a computed
 * amount, a workflow with manual, automatic and event transitions, rules and connectors.
 * `baseDefinition()` returns a fresh copy each time, so a test can break it freely.
 */
const BASE: AppDefinition = {
  id: 'demo',
  name: t('演示', 'Demo'),
  version: '1.0.0',
  roles: [
    { id: 'admin', label: t('管理员', 'Admin'), superuser: true },
    { id: 'agent', label: t('客服', 'Agent') },
    { id: 'manager', label: t('主管', 'Manager') },
    { id: 'warehouse', label: t('仓库', 'Warehouse') },
  ],
  entities: [
    {
      id: 'ticket',
      label: t('工单', 'Ticket'),
      titleField: 'title',
      fields: [
        { id: 'title', type: 'text', label: t('标题', 'Title'), required: true, maxLength: 20 },
        {
          id: 'priority',
          type: 'enum',
          label: t('优先级', 'Priority'),
          default: 'normal',
          options: [
            { value: 'low', label: t('低', 'Low') },
            { value: 'normal', label: t('普通', 'Normal') },
            { value: 'high', label: t('高', 'High') },
          ],
        },
        {
          id: 'tags',
          type: 'multienum',
          label: t('标签', 'Tags'),
          options: [
            { value: 'vip', label: t('重要客户', 'VIP') },
            { value: 'gift', label: t('赠品', 'Gift') },
          ],
        },
        { id: 'fee', type: 'money', label: t('运费', 'Fee'), min: 0, default: 0 },
        { id: 'count', type: 'integer', label: t('件数', 'Count'), min: 1, max: 100 },
        { id: 'ratio', type: 'decimal', label: t('比例', 'Ratio'), scale: 2 },
        { id: 'due', type: 'date', label: t('截止日', 'Due') },
        { id: 'seen_at', type: 'datetime', label: t('查看时间', 'Seen at') },
        { id: 'contact', type: 'email', label: t('邮箱', 'E-mail') },
        { id: 'phone', type: 'phone', label: t('电话', 'Phone'), pattern: '^[0-9*+ -]{3,20}$' },
        { id: 'ship_to', type: 'address', label: t('收货地址', 'Ship to') },
        { id: 'customer', type: 'reference', label: t('客户', 'Customer'), entity: 'customer' },
        { id: 'lines', type: 'lines', label: t('明细', 'Lines'), entity: 'ticket_line', maxItems: 5 },
        { id: 'flag', type: 'boolean', label: t('风险', 'Risky'), default: false },
        { id: 'note', type: 'longtext', label: t('备注', 'Note'), maxLength: 200 },
        { id: 'approved_at', type: 'datetime', label: t('审核时间', 'Approved at'), readOnly: true },
        // total_with_fee reads total, which is declared after it: computed order is by dependency.
        {
          id: 'total_with_fee',
          type: 'computed',
          label: t('含运费合计', 'Total with fee'),
          resultType: 'money',
          expression: { '+': [{ var: 'total' }, { var: 'fee' }] },
        },
        {
          id: 'total',
          type: 'computed',
          label: t('合计', 'Total'),
          resultType: 'money',
          expression: { reduce: [{ var: 'lines' }, { '+': [{ var: 'accumulator' }, { var: 'current.amount' }] }, 0] },
        },
      ],
      list: { columns: ['title', 'status', 'priority'], searchFields: ['title'], defaultSort: { field: '_created_at', direction: 'desc' } },
      form: { sections: [{ id: 'main', label: t('基本信息', 'Main'), fields: ['title', 'priority', 'lines'] }] },
      indexes: [{ id: 'by_title', fields: ['title'] }],
      permissions: { create: ['agent', 'manager'], update: ['agent', 'manager'] },
    },
    {
      id: 'ticket_line',
      label: t('明细行', 'Line'),
      fields: [
        { id: 'sku', type: 'text', label: t('商品编码', 'SKU'), required: true },
        { id: 'qty', type: 'integer', label: t('数量', 'Qty'), required: true, min: 1 },
        { id: 'price', type: 'money', label: t('单价', 'Price'), min: 0, default: 0 },
        { id: 'amount', type: 'computed', label: t('金额', 'Amount'), resultType: 'money', expression: { '*': [{ var: 'qty' }, { var: 'price' }] } },
      ],
    },
    {
      id: 'customer',
      label: t('客户', 'Customer'),
      fields: [{ id: 'name', type: 'text', label: t('姓名', 'Name'), required: true }],
    },
  ],
  workflows: [
    {
      id: 'ticket_flow',
      label: t('工单流程', 'Ticket flow'),
      entity: 'ticket',
      stateField: 'status',
      states: [
        { id: 'draft', label: t('草稿', 'Draft'), kind: 'initial' },
        { id: 'submitted', label: t('已提交', 'Submitted'), kind: 'normal' },
        { id: 'approved', label: t('已审核', 'Approved'), kind: 'normal' },
        { id: 'shipped', label: t('已发货', 'Shipped'), kind: 'normal' },
        { id: 'closed', label: t('已完成', 'Closed'), kind: 'final' },
        { id: 'cancelled', label: t('已取消', 'Cancelled'), kind: 'final' },
      ],
      transitions: [
        { id: 'submit', from: ['draft'], to: 'submitted', label: t('提交', 'Submit'), trigger: 'manual', roles: ['agent'], guard: { some: [{ var: 'lines' }, { '>': [{ var: 'qty' }, 0] }] } },
        {
          id: 'auto_approve',
          from: ['submitted'],
          to: 'approved',
          label: t('自动审核', 'Auto-approve'),
          trigger: 'automatic',
          guard: { '<': [{ var: 'total' }, 10000] },
          actions: [{ type: 'set_field', field: 'approved_at', value: { var: '$now' } }],
        },
        {
          id: 'approve',
          from: ['submitted'],
          to: 'approved',
          label: t('审核通过', 'Approve'),
          trigger: 'manual',
          roles: ['manager'],
          confirm: t('确认审核通过？', 'Approve this ticket?'),
          actions: [
            { type: 'set_field', field: 'approved_at', value: { var: '$now' } },
            { type: 'http_request', method: 'POST', url: 'https://wms.example.com/orders', headers: { 'x-shop': 'demo' }, body: { ref: { cat: ['T-', { var: 'title' }] } } },
          ],
        },
        { id: 'ship', from: ['approved'], to: 'shipped', label: t('发货', 'Ship'), trigger: 'manual', roles: ['warehouse'], blockedByHold: true },
        { id: 'close', from: ['shipped'], to: 'closed', label: t('签收', 'Signed'), trigger: 'event', event: 'carrier.signed' },
        {
          id: 'cancel',
          from: ['draft', 'submitted', 'approved'],
          to: 'cancelled',
          label: t('取消', 'Cancel'),
          trigger: 'manual',
          roles: ['agent', 'manager'],
          guard: { '!': { missing: ['note'] } },
        },
      ],
    },
  ],
  rules: [
    {
      id: 'big_ticket',
      label: t('大额工单', 'Big ticket'),
      entity: 'ticket',
      on: { event: 'transition', state: 'submitted' },
      condition: { '>=': [{ var: 'total' }, 10000] },
      severity: 'warning',
      actions: [
        { type: 'raise_alert', code: 'big_ticket', severity: 'warning', message: t('大额工单 {{title}}：{{total}} 元', 'Big ticket {{title}}: CNY {{total}}') },
        { type: 'notify', connector: 'inbox', message: t('请审核 {{title}}', 'Please review {{title}}'), mentionRoles: ['manager'] },
      ],
    },
    {
      id: 'risky_hold',
      label: t('风险暂停', 'Risky hold'),
      entity: 'ticket',
      on: { event: 'created' },
      condition: { '==': [{ var: 'flag' }, true] },
      severity: 'critical',
      actions: [{ type: 'hold', reason: t('风险工单 {{title}}', 'Risky ticket {{title}}') }],
    },
    {
      id: 'disabled_rule',
      label: t('停用', 'Disabled'),
      entity: 'ticket',
      on: { event: 'created' },
      condition: true,
      severity: 'info',
      enabled: false,
      actions: [{ type: 'raise_alert', code: 'never', severity: 'info', message: t('不应出现', 'Never') }],
    },
  ],
  connectors: [{ id: 'dingtalk', kind: 'messenger', platform: 'dingtalk', label: t('钉钉', 'DingTalk') }],
  dashboards: [{ id: 'ops', label: t('运营', 'Ops'), roles: ['manager'], widgets: [{ id: 'today', type: 'metric', label: t('今日', 'Today'), entity: 'ticket', measure: { fn: 'count' } }] }],
  reports: [],
};

export function baseDefinition(): AppDefinition {
  return structuredClone(BASE);
}
