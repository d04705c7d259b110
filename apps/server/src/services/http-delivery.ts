/** What an outbox row of kind `http_request` carries. */
export interface HttpRequestPayload {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET';
  url: string;
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

/** The outcome of one delivery attempt. `retryable: false` sends the row straight to `dead`. */
export type DeliveryOutcome = { ok: true; status: number } | { ok: false; retryable: boolean; error: string; status?: number };

export interface HttpDeliveryOptions {
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Abort the request after this many milliseconds (default 10 s): a timeout is retryable. */
  timeoutMs?: number;
}

/**
 * Sends one outbox HTTP request with its `Idempotency-Key` header, so a receiver can drop the
 * duplicate that at-least-once delivery may produce. 2xx is delivered; 5xx, 408, 429, network
 * errors and timeouts are worth another try; other 4xx are permanent (the request itself is wrong).
 *
 * @example
 * const outcome = await deliverHttp({ method: 'POST', url: 'https://wms.example/orders', body }, 'order:42:v3:0');
 */
export async function deliverHttp(
  payload: HttpRequestPayload,
  idempotencyKey: string,
  options: HttpDeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { 'idempotency-key': idempotencyKey, 'user-agent': 'statecraft-outbox' };
  for (const [k, v] of Object.entries(payload.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  const hasBody = payload.body !== undefined && payload.method !== 'GET';
  if (hasBody) headers['content-type'] ??= 'application/json';
  try {
    const response = await doFetch(payload.url, {
      method: payload.method,
      headers,
      ...(hasBody ? { body: JSON.stringify(payload.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      redirect: 'manual',
    });
    // The body is read (and bounded) only to free the connection and to explain a failure.
    const text = (await response.text().catch(() => '')).slice(0, 500);
    if (response.ok) return { ok: true, status: response.status };
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    return {
      ok: false,
      retryable,
      status: response.status,
      error: `${payload.method} ${payload.url} answered ${response.status}${text ? `: ${text}` : ''}`,
    };
  } catch (e) {
    const err = e as Error;
    const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError';
    return {
      ok: false,
      retryable: true,
      error: timedOut
        ? `${payload.method} ${payload.url} timed out after ${options.timeoutMs ?? 10_000} ms`
        : `${payload.method} ${payload.url} failed: ${err.message}${err.cause ? ` (${String((err.cause as Error).message ?? err.cause)})` : ''}`,
    };
  }
}
