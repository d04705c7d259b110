import { WmsError } from './wms-error.ts';

/** One SKU's real stock as the warehouse counts it. */
export interface WmsStockItem {
  sku: string;
  onHand: number;
}

/** The answer to an order push: the warehouse's pick number (拣货编号). */
export interface WmsPickTicket {
  orderNo: string;
  pickNo: string;
}

export interface WmsClientOptions {
  /** e.g. http://127.0.0.1:4010 (the sandbox) */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Per call (default 10 s): a slow WMS is a transient failure, retried on the next sync run. */
  timeoutMs?: number;
  /** SKUs per query and items per page, ≤ 100 (the API's limit). */
  pageSize?: number;
  fetch?: typeof fetch;
}

interface Envelope {
  code: number;
  message?: string;
  data?: unknown;
}

/**
 * The warehouse system's HTTP API (documented in packages/connectors/README.md, "WMS"):
 * `POST /wms/stock/query` (stock by SKU list, paged) and `POST /wms/orders` (push an order,
 * get a pick number). Every answer is `{ code, message, data }`; `code` 0 is success.
 *
 * @example
 * const wms = new WmsClient({ baseUrl: 'http://127.0.0.1:4010', token: 'sandbox-wms-token' });
 * const items = await wms.fetchStock({ warehouse: 'main', skus: ['HG-CP-001', 'HG-BW-001'] });
 */
export class WmsClient {
  private readonly pageSize: number;

  constructor(private readonly options: WmsClientOptions) {
    this.pageSize = Math.min(Math.max(options.pageSize ?? 100, 1), 100);
  }

  /**
   * Real stock of the given SKUs (or of every SKU the warehouse has when `skus` is omitted),
   * reading every page. SKUs the warehouse does not know are absent from the answer.
   */
  async fetchStock(query: { warehouse?: string; skus?: string[] } = {}): Promise<WmsStockItem[]> {
    const warehouse = query.warehouse ?? 'main';
    const chunks: (string[] | undefined)[] = [];
    if (query.skus) for (let i = 0; i < query.skus.length; i += this.pageSize) chunks.push(query.skus.slice(i, i + this.pageSize));
    else chunks.push(undefined);
    const out: WmsStockItem[] = [];
    for (const skus of chunks) {
      for (let page = 1; ; page++) {
        const data = (await this.call('/wms/stock/query', { warehouse, ...(skus ? { skus } : {}), page, page_size: this.pageSize })) as {
          items?: unknown;
          has_next?: unknown;
        };
        if (!Array.isArray(data?.items) || typeof data.has_next !== 'boolean') throw new WmsError('WMS_BAD_RESPONSE', 'The WMS stock answer has no items/has_next.', { page });
        for (const item of data.items as { sku?: unknown; on_hand?: unknown }[]) {
          if (typeof item?.sku !== 'string' || !Number.isSafeInteger(item.on_hand) || (item.on_hand as number) < 0) {
            throw new WmsError('WMS_BAD_RESPONSE', `The WMS answered a stock item without a SKU or a whole on_hand ≥ 0: ${JSON.stringify(item).slice(0, 120)}.`, { page });
          }
          out.push({ sku: item.sku, onHand: item.on_hand as number });
        }
        if (!data.has_next) break;
        if (page > 10_000) throw new WmsError('WMS_BAD_RESPONSE', 'The WMS keeps answering has_next: stopped after 10,000 pages.');
      }
    }
    return out;
  }

  /** Pushes an order to the warehouse; pushing the same order again answers the same pick number. */
  async pushOrder(order: { order_no: string; lines: unknown[]; [key: string]: unknown }, idempotencyKey?: string): Promise<WmsPickTicket> {
    const data = (await this.call('/wms/orders', order, idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {})) as { pick_no?: unknown; order_no?: unknown };
    if (typeof data?.pick_no !== 'string') throw new WmsError('WMS_BAD_RESPONSE', 'The WMS accepted the order without a pick_no.');
    return { orderNo: String(data.order_no ?? order.order_no), pickNo: data.pick_no };
  }

  private async call(path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}${path}`;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      let res: Response;
      try {
        res = await (this.options.fetch ?? fetch)(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}), ...headers },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
      } catch (err) {
        if (controller.signal.aborted) throw new WmsError('WMS_TIMEOUT', `The WMS did not answer ${path} within ${timeoutMs} ms.`, { url });
        throw new WmsError('WMS_UNAVAILABLE', `Cannot reach the WMS at ${url}: ${(err as Error).message}.`, { url });
      }
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        if (controller.signal.aborted) throw new WmsError('WMS_TIMEOUT', `The WMS answer to ${path} did not finish within ${timeoutMs} ms.`, { url });
        throw new WmsError('WMS_UNAVAILABLE', `The WMS answer to ${path} broke off: ${(err as Error).message}.`, { url });
      }
      if (res.status >= 500) throw new WmsError('WMS_UNAVAILABLE', `The WMS answered ${path} with HTTP ${res.status}.`, { url, status: res.status });
      let envelope: Envelope;
      try {
        envelope = JSON.parse(text) as Envelope;
      } catch {
        throw new WmsError('WMS_BAD_RESPONSE', `The WMS answered ${path} with HTTP ${res.status} and a body that is not JSON.`, { url, status: res.status });
      }
      if (typeof envelope?.code !== 'number') throw new WmsError('WMS_BAD_RESPONSE', `The WMS answer to ${path} has no numeric code.`, { url });
      if (envelope.code !== 0) throw new WmsError('WMS_REJECTED', `The WMS refused ${path}: ${envelope.code} ${envelope.message ?? ''}`.trim(), { url, code: envelope.code, status: res.status });
      return envelope.data;
    } finally {
      clearTimeout(timer);
    }
  }
}
