import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the sandbox answers WMS calls: normally, with HTTP 503, or not at all (the client times out). */
export type WmsSandboxMode = 'ok' | 'fail' | 'timeout';

export interface WmsSandboxOptions {
  /** Default 0 (a free port); `npm start` uses 4010, the URL the OMS template pushes orders to. */
  port?: number;
  host?: string;
  /** When set, /wms/* calls need `Authorization: Bearer <token>` (default: none, as the template's push sends none). */
  token?: string | null;
  /** Starting stock per SKU (warehouse `main` unless `warehouse` says otherwise). */
  stock?: Record<string, number>;
  warehouse?: string;
  /** How long a `timeout` call is held before the socket is dropped (default 30 s). */
  timeoutHoldMs?: number;
}

/** An order the warehouse received, with the pick number it answered. */
export interface WmsSandboxOrder {
  orderNo: string;
  pickNo: string;
  body: Record<string, unknown>;
  idempotencyKey: string | null;
  pushes: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A stand-in for the seller's warehouse system (WMS, e.g. the one behind Kingdee K3), speaking
 * the API documented in packages/connectors/README.md:
 *
 * - `POST /wms/stock/query` `{warehouse, skus?, page, page_size ≤ 100}` →
 *   `{code: 0, data: {warehouse, page, page_size, total, has_next, items: [{sku, on_hand, updated_at}]}}`
 * - `POST /wms/orders` (the OMS template's approve push) → `{code: 0, data: {order_no, pick_no}}`;
 *   the same order_no again answers the same pick number.
 * - `GET /wms/orders/<order_no>` → the order as received.
 * - admin (never faulted): `POST /__admin/stock` `{items: {sku: on_hand}}`, `POST /__admin/mode`
 *   `{mode: ok|fail|timeout, count?}`, `GET /__admin/state`.
 *
 * @example
 * const wms = await startWmsSandbox({ stock: { 'HG-CP-001': 120 } });
 * wms.failNext(2, 'timeout');   // the next two WMS calls hang
 * await wms.close();
 */
export class WmsSandbox {
  readonly stock = new Map<string, number>();
  readonly orders = new Map<string, WmsSandboxOrder>();
  readonly calls = { stockQueries: 0, orderPushes: 0, faulted: 0 };
  private mode: WmsSandboxMode = 'ok';
  private readonly queued: WmsSandboxMode[] = [];
  private readonly held = new Set<NodeJS.Timeout>();
  private pickSeq = 0;
  url = '';
  port = 0;

  constructor(
    readonly server: Server,
    private readonly options: WmsSandboxOptions,
  ) {
    for (const [sku, n] of Object.entries(options.stock ?? {})) this.stock.set(sku, n);
  }

  get warehouse(): string {
    return this.options.warehouse ?? 'main';
  }

  /** Sets the warehouse's count of some SKUs. */
  setStock(items: Record<string, number>): void {
    for (const [sku, n] of Object.entries(items)) this.stock.set(sku, n);
  }

  /** From now on answer every WMS call this way (admin calls excepted). */
  setMode(mode: WmsSandboxMode): void {
    this.mode = mode;
    this.queued.length = 0;
  }

  /** The next `count` WMS calls fail this way, then the mode applies again. */
  failNext(count: number, mode: Exclude<WmsSandboxMode, 'ok'> = 'fail'): void {
    for (let i = 0; i < count; i++) this.queued.push(mode);
  }

  async close(): Promise<void> {
    for (const t of this.held) clearTimeout(t);
    this.held.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** @internal the request handler */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://wms');
    const body = await readBody(req);
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const json = (): Record<string, unknown> | null => {
      try {
        const v = JSON.parse(body || '{}') as unknown;
        return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
      } catch {
        return null;
      }
    };

    if (url.pathname.startsWith('/__admin/')) return this.admin(req.method ?? 'GET', url.pathname, json(), send);
    if (!url.pathname.startsWith('/wms/')) return send(404, { code: 40400, message: `no such API: ${req.method} ${url.pathname}` });

    const fault = this.queued.shift() ?? this.mode;
    if (fault === 'timeout') {
      this.calls.faulted++;
      const t = setTimeout(() => {
        this.held.delete(t);
        req.socket.destroy();
      }, this.options.timeoutHoldMs ?? 30_000);
      this.held.add(t);
      return;
    }
    if (fault === 'fail') {
      this.calls.faulted++;
      return send(503, { code: 50300, message: 'WMS under maintenance (sandbox fault)' });
    }
    if (this.options.token && req.headers.authorization !== `Bearer ${this.options.token}`) return send(401, { code: 40101, message: 'invalid or missing bearer token' });

    const input = json();
    if (req.method === 'POST' && url.pathname === '/wms/stock/query') {
      this.calls.stockQueries++;
      if (!input) return send(400, { code: 40001, message: 'the body must be a JSON object' });
      const page = input.page ?? 1;
      const pageSize = input.page_size ?? 50;
      if (!Number.isInteger(page) || (page as number) < 1) return send(400, { code: 40001, message: 'page must be an integer ≥ 1' });
      if (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > 100) return send(400, { code: 40001, message: 'page_size must be an integer from 1 to 100' });
      if (input.skus !== undefined && (!Array.isArray(input.skus) || input.skus.length > 100 || !input.skus.every((s) => typeof s === 'string'))) {
        return send(400, { code: 40001, message: 'skus must be a list of at most 100 SKU codes' });
      }
      const warehouse = (input.warehouse as string | undefined) ?? this.warehouse;
      if (warehouse !== this.warehouse) return send(400, { code: 40002, message: `unknown warehouse ${warehouse}` });
      const wanted = input.skus ? (input.skus as string[]).filter((s) => this.stock.has(s)) : [...this.stock.keys()];
      const all = [...new Set(wanted)].sort();
      const from = ((page as number) - 1) * (pageSize as number);
      const items = all.slice(from, from + (pageSize as number)).map((sku) => ({ sku, on_hand: this.stock.get(sku)!, updated_at: new Date().toISOString() }));
      return send(200, { code: 0, message: 'ok', data: { warehouse, page, page_size: pageSize, total: all.length, has_next: from + (pageSize as number) < all.length, items } });
    }
    if (req.method === 'POST' && url.pathname === '/wms/orders') {
      this.calls.orderPushes++;
      if (!input || typeof input.order_no !== 'string' || input.order_no === '' || !Array.isArray(input.lines) || input.lines.length === 0) {
        return send(400, { code: 40001, message: 'an order needs order_no and at least one line' });
      }
      const orderNo = input.order_no;
      const known = this.orders.get(orderNo);
      if (known) {
        known.pushes++;
        return send(200, { code: 0, message: 'ok (already received)', data: { order_no: orderNo, pick_no: known.pickNo } });
      }
      const pickNo = `PK${String(++this.pickSeq).padStart(8, '0')}`;
      const key = req.headers['idempotency-key'];
      this.orders.set(orderNo, { orderNo, pickNo, body: input, idempotencyKey: typeof key === 'string' ? key : null, pushes: 1 });
      return send(200, { code: 0, message: 'ok', data: { order_no: orderNo, pick_no: pickNo } });
    }
    const match = /^\/wms\/orders\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && match) {
      const order = this.orders.get(decodeURIComponent(match[1]!));
      if (!order) return send(404, { code: 40401, message: 'unknown order' });
      return send(200, { code: 0, message: 'ok', data: { order_no: order.orderNo, pick_no: order.pickNo, order: order.body } });
    }
    return send(404, { code: 40400, message: `no such API: ${req.method} ${url.pathname}` });
  }

  private admin(method: string, path: string, input: Record<string, unknown> | null, send: (status: number, payload: unknown) => void): void {
    if (method === 'GET' && path === '/__admin/state') {
      return send(200, { mode: this.mode, queued: this.queued, stock: Object.fromEntries(this.stock), orders: this.orders.size, calls: this.calls });
    }
    if (method === 'POST' && path === '/__admin/stock') {
      const items = input?.items;
      if (!items || typeof items !== 'object' || Array.isArray(items) || !Object.values(items).every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
        return send(400, { error: 'items must be {"<sku>": <on hand ≥ 0>, …}' });
      }
      this.setStock(items as Record<string, number>);
      return send(200, { ok: true });
    }
    if (method === 'POST' && path === '/__admin/mode') {
      const mode = input?.mode;
      if (mode !== 'ok' && mode !== 'fail' && mode !== 'timeout') return send(400, { error: 'mode must be ok, fail or timeout' });
      if (input?.count !== undefined) {
        if (mode === 'ok' || !Number.isInteger(input.count)) return send(400, { error: 'count needs mode fail or timeout and an integer' });
        this.failNext(input.count as number, mode);
      } else this.setMode(mode);
      return send(200, { ok: true });
    }
    return send(404, { error: `no such admin API: ${method} ${path}` });
  }
}

/**
 * Starts the WMS sandbox on 127.0.0.1 (`npm start` passes port 4010, the template's push URL).
 *
 * @example const wms = await startWmsSandbox({ port: 4010, stock: { 'HG-CP-001': 60 } });
 */
export async function startWmsSandbox(options: WmsSandboxOptions = {}): Promise<WmsSandbox> {
  let sandbox!: WmsSandbox;
  const server = createServer((req, res) => {
    sandbox.handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5000;
  sandbox = new WmsSandbox(server, options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  sandbox.port = (server.address() as AddressInfo).port;
  sandbox.url = `http://${options.host ?? '127.0.0.1'}:${sandbox.port}`;
  return sandbox;
}

/** The port `npm start` runs the WMS sandbox on: the URL in the OMS template's approve push. */
export const WMS_SANDBOX_PORT = 4010;
