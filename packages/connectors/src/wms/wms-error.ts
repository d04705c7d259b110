/** Why a WMS call failed: `transient` (retry on the next run) or `rejected` (fix the request or the settings). */
export type WmsErrorKind = 'transient' | 'rejected';

export const WMS_ERROR_CODES = {
  WMS_TIMEOUT: 'transient',
  WMS_UNAVAILABLE: 'transient',
  WMS_BAD_RESPONSE: 'transient',
  WMS_REJECTED: 'rejected',
} as const;

export type WmsErrorCode = keyof typeof WMS_ERROR_CODES;

/**
 * A failed call to the warehouse system.
 *
 * @example
 * try { await wms.fetchStock({ skus }); } catch (err) { if (err instanceof WmsError && err.kind === 'transient') retryLater(); }
 */
export class WmsError extends Error {
  override readonly name = 'WmsError';
  readonly kind: WmsErrorKind;

  constructor(
    readonly code: WmsErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.kind = WMS_ERROR_CODES[code];
  }
}
