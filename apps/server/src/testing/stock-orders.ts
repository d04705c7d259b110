import { expect } from 'vitest';
import type { Harness } from './harness.ts';

export const APP = 'ecommerce_oms';
const base = `/api/apps/${APP}`;

let seq = 0;

/** A valid order with the given lines, its own buyer and address (so buyer and address rules stay quiet). */
export function stockOrder(lines: { sku: string; qty: number }[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = `${process.pid}${String(++seq).padStart(6, '0')}`;
  const amount = lines.reduce((sum, l) => sum + l.qty * 1000, 0);
  return {
    order_no: `ST${n}`,
    channel: 'taobao',
    shop_tag: '淘宝天猫店',
    buyer_nick: `stock_buyer_${n}`,
    receiver_name: '测**',
    receiver_phone: '138****0000',
    // A district of its own: the similar-address rule must not hold stock-test orders.
    ship_to: { province: '浙江省', city: '杭州市', district: `测试${n}区`, detail: `测试路 ${n} 号` },
    lines: lines.map((l) => ({ sku_code: l.sku, sku_name: l.sku, qty: l.qty, unit_price: 1000 })),
    goods_amount: amount,
    paid_amount: amount,
    ordered_at: '2024-11-11T00:00:05.000Z',
    ...overrides,
  };
}

export interface OrderRef {
  id: number;
  version: number;
  status: string;
  data: Record<string, unknown>;
}

function ref(body: { record: { id: number; version: number; data: Record<string, unknown> } }): OrderRef {
  return { id: body.record.id, version: body.record.version, status: body.record.data.status as string, data: body.record.data };
}

/** Creates an order as `auth` and returns it. */
export async function createOrder(h: Harness, auth: string, data: Record<string, unknown>): Promise<OrderRef> {
  const res = await h.as(auth, { method: 'POST', url: `${base}/records/order`, payload: { data } });
  expect(res.statusCode, res.body).toBe(201);
  return ref(res.json());
}

/** Fires a transition; returns the raw response. */
export function fire(h: Harness, auth: string, order: OrderRef, transition: string) {
  return h.as(auth, { method: 'POST', url: `${base}/records/order/${order.id}/transitions/${transition}`, payload: { version: order.version } });
}

/** Creates and pays an order (manual payment); returns the order after the command. */
export async function paidOrder(h: Harness, auth: string, lines: { sku: string; qty: number }[], overrides: Record<string, unknown> = {}): Promise<OrderRef & { effects: { type: string; stock?: unknown }[] }> {
  const order = await createOrder(h, auth, stockOrder(lines, overrides));
  const res = await fire(h, auth, order, 'pay');
  expect(res.statusCode, res.body).toBe(200);
  return { ...ref(res.json()), effects: res.json().effects };
}

/** Reads an order. */
export async function readOrder(h: Harness, auth: string, id: number): Promise<OrderRef> {
  const res = await h.as(auth, { method: 'GET', url: `${base}/records/order/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  return { id: body.id, version: body.version, status: body.data.status, data: body.data };
}

/** The stock of one SKU over the API. */
export async function stockOf(h: Harness, auth: string, sku: string): Promise<{ onHand: number; reserved: number; available: number; presale: { enabled: boolean; cap: number; shipDate: string | null } }> {
  const res = await h.as(auth, { method: 'GET', url: `${base}/stock/${encodeURIComponent(sku)}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().stock;
}

/** Sets on hand of a SKU (a count) over the API. */
export async function setOnHand(h: Harness, auth: string, sku: string, onHand: number, reason = '盘点 test count') {
  const res = await h.as(auth, { method: 'POST', url: `${base}/stock/${encodeURIComponent(sku)}/adjustments`, payload: { onHand, reason } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { stock: { onHand: number; reserved: number; available: number }; retried: { tried: number; reserved: number[]; stillShort: number[]; skipped: number[] } };
}

/** Reservations and shortage of an order. */
export async function orderStock(h: Harness, auth: string, id: number): Promise<{ reservations: { sku: string; qty: number; status: string; presale: boolean }[]; shortage: { sku: string; requested: number; available: number }[] }> {
  const res = await h.as(auth, { method: 'GET', url: `${base}/records/order/${id}/stock` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The invariant, over the API: run at the end of every stock test. */
export async function expectReconciled(h: Harness, auth: string): Promise<void> {
  const res = await h.as(auth, { method: 'GET', url: `${base}/stock/reconciliation` });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json(), res.body).toMatchObject({ ok: true, mismatches: [], overReserved: [], orphans: [] });
}
