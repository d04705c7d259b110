/**
 * A failed platform call, classified so the intake knows what to do with it:
 * - `throttled`: the platform asked us to slow down (TOP code 7, WeChat 45011…): retry later;
 * - `transient`: time-out, connection reset, 5xx, `isp.*` faults, a repeated page: retry;
 * - `permanent`: bad signature, expired token, bad parameters: retrying cannot help, a person
 *   must fix the credentials or configuration (the window is dead-lettered at once).
 */
export type ChannelErrorKind = 'throttled' | 'transient' | 'permanent';

export const CHANNEL_ERROR_CODES = {
  throttled: 'CHANNEL_THROTTLED',
  transient: 'CHANNEL_UNAVAILABLE',
  permanent: 'CHANNEL_REJECTED',
} as const;

export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  /** CHANNEL_THROTTLED | CHANNEL_UNAVAILABLE | CHANNEL_REJECTED | CHANNEL_TIMEOUT | CHANNEL_BAD_RESPONSE | CHANNEL_REPEATED_PAGE */
  readonly code: string;
  constructor(
    readonly kind: ChannelErrorKind,
    message: string,
    readonly details: { platform: string; platformCode?: string | number; platformSubCode?: string; httpStatus?: number; code?: string } ,
  ) {
    super(message);
    this.code = details.code ?? CHANNEL_ERROR_CODES[kind];
  }
  get retryable(): boolean {
    return this.kind !== 'permanent';
  }
}

export function isChannelError(err: unknown): err is ChannelError {
  return err instanceof ChannelError;
}
