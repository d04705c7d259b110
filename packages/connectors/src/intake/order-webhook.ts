import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelOrder, ChannelOrderData, ChannelOrderState, ChannelRefundState } from '../channels/channel-order.ts';

/** Why a webhook delivery was refused (the server answers 401 or 422 with the code). */
export class WebhookError extends Error {
  constructor(
    readonly code: 'INTAKE_WEBHOOK_SIGNATURE' | 'INTAKE_WEBHOOK_STALE' | 'INTAKE_WEBHOOK_INVALID',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * The signature the seller's mini program backend puts in `X-Statecraft-Signature`:
 * hex(HMAC-SHA256(secret, timestamp + "\n" + body)), timestamp in Unix seconds.
 *
 * @example signWebhook('s3cret', '1732500000', '{"orders":[]}')
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${body}`).digest('hex');
}

/** Checks signature and age; throws WebhookError. Constant-time comparison. */
export function verifyWebhook(secret: string, headers: { timestamp?: string; signature?: string }, body: string, now: Date, toleranceSeconds = 300): void {
  const ts = headers.timestamp ?? '';
  if (!/^\d{9,11}$/.test(ts)) throw new WebhookError('INTAKE_WEBHOOK_SIGNATURE', 'X-Statecraft-Timestamp is missing or not Unix seconds.');
  const expected = Buffer.from(signWebhook(secret, ts, body), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/i.test(headers.signature ?? '') ? headers.signature! : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new WebhookError('INTAKE_WEBHOOK_SIGNATURE', 'X-Statecraft-Signature does not match hex(HMAC-SHA256(secret, timestamp + "\\n" + body)).');
  }
  if (Math.abs(now.getTime() / 1000 - Number(ts)) > toleranceSeconds) {
    throw new WebhookError('INTAKE_WEBHOOK_STALE', `The signed timestamp is more than ${toleranceSeconds} s from the server clock; sign each delivery afresh.`, { timestamp: Number(ts) });
  }
}

const STATES: readonly ChannelOrderState[] = ['pending_payment', 'paid', 'shipped', 'signed', 'cancelled'];
const REFUNDS: readonly ChannelRefundState[] = ['none', 'requested', 'refunded'];

/** One order as the mini program pushes it: the OMS field names, money in fen, plus state and modified time. */
export interface WebhookOrder extends Partial<ChannelOrderData> {
  source_order_id: string;
  status: ChannelOrderState;
  modified_at: string;
  refund_status?: ChannelRefundState;
}

/**
 * Reads a delivery `{ "orders": [...] }` into channel orders; every problem is listed with its
 * index, and one bad order refuses the whole delivery (the sender re-sends it fixed).
 *
 * @example parseWebhookOrders(JSON.parse(body), { channel: 'wechat', tag: '微信小程序商城', orderNoPrefix: 'MP' })
 */
export function parseWebhookOrders(payload: unknown, shop: { channel: string; tag: string | null; orderNoPrefix: string }): ChannelOrder[] {
  const list = (payload as { orders?: unknown })?.orders;
  if (!Array.isArray(list) || list.length === 0 || list.length > 1000) {
    throw new WebhookError('INTAKE_WEBHOOK_INVALID', 'The body must be {"orders": [...]} with 1 to 1000 orders.');
  }
  const problems: { index: number; field: string; message: string }[] = [];
  const out: ChannelOrder[] = [];
  list.forEach((raw: unknown, index) => {
    const o = (raw ?? {}) as Partial<WebhookOrder>;
    const bad = (field: string, message: string) => problems.push({ index, field, message });
    if (typeof o.source_order_id !== 'string' || !/^[\w-]{1,64}$/.test(o.source_order_id)) bad('source_order_id', 'required: the mini program order id (letters, digits, _ and -, up to 64)');
    if (!STATES.includes(o.status as ChannelOrderState)) bad('status', `one of ${STATES.join(', ')}`);
    if (o.refund_status !== undefined && !REFUNDS.includes(o.refund_status)) bad('refund_status', `one of ${REFUNDS.join(', ')}`);
    if (typeof o.modified_at !== 'string' || Number.isNaN(Date.parse(o.modified_at))) bad('modified_at', 'required: ISO 8601 time of the last change');
    if (typeof o.ordered_at !== 'string' || Number.isNaN(Date.parse(o.ordered_at))) bad('ordered_at', 'required: ISO 8601 time of the order');
    if (!Array.isArray(o.lines) || o.lines.length === 0) bad('lines', 'at least one line {sku_code, qty, unit_price (fen)}');
    if (problems.some((p) => p.index === index)) return;
    const { status, modified_at, ...data } = o as WebhookOrder;
    const modifiedAt = new Date(modified_at).toISOString();
    out.push({
      platform: 'webhook',
      channel: shop.channel,
      sourceOrderId: o.source_order_id!,
      modifiedAt,
      state: status,
      refund: o.refund_status ?? 'none',
      data: {
        buyer_nick: null, buyer_id: null, receiver_name: null, receiver_phone: null, ship_to: null,
        goods_amount: null, discount_amount: null, post_fee: null, paid_amount: null, paid_at: null, buyer_message: null, presale: false,
        ...data,
        order_no: data.order_no ?? `${shop.orderNoPrefix}${o.source_order_id}`,
        channel: shop.channel,
        shop_tag: data.shop_tag ?? shop.tag,
        ordered_at: new Date(o.ordered_at!).toISOString(),
        channel_status: status,
        refund_status: o.refund_status ?? 'none',
        channel_modified_at: modifiedAt,
      } as ChannelOrderData,
    });
  });
  if (problems.length) throw new WebhookError('INTAKE_WEBHOOK_INVALID', `${problems.length} problem(s) in the delivery; nothing was taken.`, { invalid: problems });
  return out;
}
