/**
 * Every error the store raises on purpose. Callers switch on `code` (stable, listed below and in
 * docs/errors.md), the server maps `status` to its HTTP answer, and the message says how to fix it.
 */
export const STORE_ERROR_CODES = {
  STORE_BAD_URL: 400,
  STORE_INVALID_ARGUMENT: 400,
  STORE_INVALID_VALUE: 400,
  STORE_INVALID_FILTER: 400,
  STORE_INVALID_CURSOR: 400,
  STORE_UNKNOWN_FIELD: 400,
  STORE_UNKNOWN_ENTITY: 404,
  STORE_NO_DEFINITION: 409,
  STORE_UNSUPPORTED_DEFINITION: 422,
  STORE_COLUMN_CONFLICT: 422,
  STORE_DESTRUCTIVE_CHANGE: 409,
  STORE_RECORD_NOT_FOUND: 404,
  STORE_NOT_FOUND: 404,
  STORE_VERSION_CONFLICT: 409,
  STORE_DUPLICATE: 409,
  STORE_IMMUTABLE: 409,
  STORE_NO_DRAFT: 404,
  STORE_BUSY: 503,
  STORE_PG_UNREACHABLE: 503,
  // The stock pool (stock.repository.ts)
  STOCK_INVALID_LINE: 400,
  STOCK_INVALID_ADJUSTMENT: 400,
  STOCK_REASON_REQUIRED: 400,
  STOCK_NEGATIVE: 409,
  STOCK_NOT_FOUND: 404,
  STOCK_OVERSOLD: 409,
} as const;

export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

/**
 * The store's one error class.
 *
 * @example
 * try { await store.records.update('order', 7, 3, { remark: 'x' }, meta); }
 * catch (err) { if (err instanceof StoreError && err.code === 'STORE_VERSION_CONFLICT') reloadAndRetry(); }
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** An HTTP-ish status hint: 400 bad input, 404 missing, 409 conflict, 422 unsupported, 503 busy. */
  readonly status: number;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = STORE_ERROR_CODES[code];
  }
}

/** True for a StoreError, optionally with the given code. */
export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}
