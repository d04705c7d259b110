import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ChannelOrder, ChannelOrderData, ChannelOrderLine, ChannelOrderState } from '../channels/channel-order.ts';
import { yuanToFen } from '../channels/money.ts';

/** One problem in an import file: the spreadsheet row (1 = header), the column and what is wrong. */
export interface OrderFileError {
  row: number;
  column: string | null;
  message: string;
}

/** The columns of an import file: one row per order line; rows with the same channel and order id form one order. */
export const ORDER_FILE_COLUMNS = {
  channel: ['channel', '来源渠道', '渠道'],
  source_order_id: ['source_order_id', '渠道订单号', '订单号'],
  status: ['status', '状态'],
  shop_tag: ['shop_tag', '渠道标签', '店铺'],
  buyer_nick: ['buyer_nick', '买家昵称'],
  receiver_name: ['receiver_name', '收货人'],
  receiver_phone: ['receiver_phone', '收货电话', '手机'],
  province: ['province', '省'],
  city: ['city', '市'],
  district: ['district', '区'],
  address: ['address', '详细地址', '地址'],
  sku_code: ['sku_code', '商家编码', 'SKU'],
  sku_name: ['sku_name', '商品名称'],
  qty: ['qty', '数量'],
  unit_price: ['unit_price', '单价', '单价(元)'],
  post_fee: ['post_fee', '运费', '运费(元)'],
  discount_amount: ['discount_amount', '优惠', '优惠(元)'],
  paid_amount: ['paid_amount', '实付', '实付金额', '实付(元)'],
  ordered_at: ['ordered_at', '下单时间'],
  paid_at: ['paid_at', '支付时间'],
  buyer_message: ['buyer_message', '买家留言'],
} as const;
type Column = keyof typeof ORDER_FILE_COLUMNS;
const REQUIRED: Column[] = ['channel', 'source_order_id', 'sku_code', 'qty', 'unit_price', 'ordered_at'];
const CHANNELS = ['taobao', 'jd', 'pdd', 'wechat', 'douyin', 'manual'];
const STATUS: Record<string, ChannelOrderState> = { pending_payment: 'pending_payment', 待支付: 'pending_payment', paid: 'paid', 已支付: 'paid', shipped: 'shipped', 已发货: 'shipped', signed: 'signed', 已签收: 'signed', cancelled: 'cancelled', 已取消: 'cancelled' };

/** Reads an .xlsx or .csv order file into rows of text (the first row is the header). */
export async function readOrderFileRows(file: Buffer, format: 'xlsx' | 'csv'): Promise<string[][]> {
  if (format === 'csv') {
    const text = file.toString('utf8').replace(/^\uFEFF/, '');
    return parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  }
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, n) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const v = cell.value;
      values[col - 1] = v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : typeof v === 'object' && 'text' in v ? String(v.text) : typeof v === 'object' && 'result' in v ? String(v.result) : String(v);
    });
    rows[n - 1] = Array.from(values, (x) => x ?? '');
  });
  return Array.from(rows, (r) => r ?? []);
}

/** China time without a zone ("2024-11-11 08:00:00") is read as UTC+8, the sellers' clock. */
function parseTime(text: string): string | null {
  const t = text.trim();
  const local = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
    return new Date(Date.UTC(+y!, +mo! - 1, +d!, +h - 8, +mi, +s)).toISOString();
  }
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Turns the rows of an import file into orders, or lists every problem by row and column. An
 * order with any bad row is not returned; the caller imports only when `errors` is empty, so a
 * file is taken whole or not at all.
 *
 * @example const { orders, errors } = ordersFromRows(await readOrderFileRows(buf, 'csv'), { importedAt: now });
 */
export function ordersFromRows(rows: string[][], options: { importedAt: Date; orderNoPrefix?: string }): { orders: ChannelOrder[]; errors: OrderFileError[] } {
  const errors: OrderFileError[] = [];
  const [header = [], ...body] = rows;
  const at: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    const name = h.trim();
    for (const [col, names] of Object.entries(ORDER_FILE_COLUMNS)) if ((names as readonly string[]).includes(name)) at[col as Column] = i;
  });
  for (const col of REQUIRED) if (at[col] === undefined) errors.push({ row: 1, column: col, message: `missing column "${col}" (or ${ORDER_FILE_COLUMNS[col].slice(1).join(' / ')})` });
  if (errors.length) return { orders: [], errors };
  if (body.length === 0) return { orders: [], errors: [{ row: 2, column: null, message: 'the file has no order rows' }] };

  const byKey = new Map<string, { first: number; data: ChannelOrderData; state: ChannelOrderState; lines: ChannelOrderLine[] }>();
  const modifiedAt = options.importedAt.toISOString();
  body.forEach((cells, i) => {
    const rowNo = i + 2;
    if (cells.every((c) => (c ?? '').trim() === '')) return;
    const get = (c: Column) => (at[c] === undefined ? '' : (cells[at[c]!] ?? '').trim());
    const bad = (column: Column, message: string) => errors.push({ row: rowNo, column, message });
    const before = errors.length;
    for (const c of REQUIRED) if (!get(c)) bad(c, 'required');
    const channel = get('channel');
    if (channel && !CHANNELS.includes(channel)) bad('channel', `one of ${CHANNELS.join(', ')}`);
    const status = get('status') ? STATUS[get('status')] : 'paid';
    if (!status) bad('status', `one of ${Object.keys(STATUS).join(', ')}`);
    const qty = Number(get('qty'));
    if (get('qty') && (!Number.isInteger(qty) || qty <= 0)) bad('qty', 'a whole number above 0');
    const money = (c: Column): number | null => {
      if (!get(c)) return null;
      try {
        const fen = yuanToFen(get(c));
        if (fen !== null && fen < 0) throw new Error('negative');
        return fen;
      } catch {
        bad(c, 'an amount in yuan, e.g. 39.90');
        return null;
      }
    };
    const unitPrice = money('unit_price');
    const postFee = money('post_fee');
    const discount = money('discount_amount');
    const paid = money('paid_amount');
    const orderedAt = get('ordered_at') ? parseTime(get('ordered_at')) : null;
    if (get('ordered_at') && !orderedAt) bad('ordered_at', 'a time such as 2024-11-11 08:00:00 (China time) or ISO 8601');
    const paidAt = get('paid_at') ? parseTime(get('paid_at')) : null;
    if (get('paid_at') && !paidAt) bad('paid_at', 'a time such as 2024-11-11 08:00:00 (China time) or ISO 8601');
    if (errors.length > before) return;

    const key = `${channel}\u0000${get('source_order_id')}`;
    let order = byKey.get(key);
    if (!order) {
      const province = get('province');
      order = {
        first: rowNo,
        state: status!,
        lines: [],
        data: {
          order_no: `${options.orderNoPrefix ?? 'IM'}${get('source_order_id')}`,
          channel,
          shop_tag: get('shop_tag') || null,
          source_order_id: get('source_order_id'),
          buyer_nick: get('buyer_nick') || null,
          buyer_id: null,
          receiver_name: get('receiver_name') || null,
          receiver_phone: get('receiver_phone') || null,
          ship_to: province ? { province, city: get('city'), district: get('district'), detail: get('address') } : null,
          lines: [],
          goods_amount: null,
          discount_amount: discount,
          post_fee: postFee,
          paid_amount: paid,
          ordered_at: orderedAt!,
          paid_at: paidAt,
          buyer_message: get('buyer_message') || null,
          presale: false,
          channel_status: status!,
          refund_status: 'none',
          channel_modified_at: modifiedAt,
        },
      };
      byKey.set(key, order);
    }
    order.lines.push({ sku_code: get('sku_code'), sku_name: get('sku_name') || null, qty, unit_price: unitPrice! });
  });
  const orders: ChannelOrder[] = [...byKey.values()].map((o) => {
    const goods = o.lines.reduce((s, l) => s + l.qty * l.unit_price, 0);
    const data = { ...o.data, lines: o.lines, goods_amount: goods, paid_amount: o.data.paid_amount ?? goods + (o.data.post_fee ?? 0) - (o.data.discount_amount ?? 0) };
    return { platform: 'import', channel: data.channel, sourceOrderId: data.source_order_id, modifiedAt, state: o.state, refund: 'none', data };
  });
  return { orders, errors };
}

/**
 * Writes rows as an .xlsx or CSV file in the import layout (a blank template for sellers, and
 * test files).
 *
 * @example await writeOrderFile([['channel', 'source_order_id', …], …], 'xlsx')
 */
export async function writeOrderFile(rows: (string | number)[][], format: 'xlsx' | 'csv'): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\n'));
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('订单 orders');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
