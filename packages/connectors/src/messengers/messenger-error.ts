/**
 * A failed delivery to a messenger. `permanent` means retrying cannot help (a bad signature, an
 * unknown robot key, a refused login): the outbox dead-letters the message. Otherwise it is
 * retried; `retryAfterMs` says how long the platform asked us to wait (a throttled robot).
 */
export class MessengerError extends Error {
  override readonly name = 'MessengerError';
  constructor(
    /** Stable code: MESSENGER_REJECTED, MESSENGER_THROTTLED, MESSENGER_UNAVAILABLE, MESSENGER_NO_CREDENTIALS, MESSENGER_CONFIG. */
    readonly code: MessengerErrorCode,
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
    /** The platform's own error code (errcode, SMTP reply code), when there is one. */
    readonly platformCode?: number | string,
  ) {
    super(message);
  }
}

export type MessengerErrorCode = 'MESSENGER_REJECTED' | 'MESSENGER_THROTTLED' | 'MESSENGER_UNAVAILABLE' | 'MESSENGER_NO_CREDENTIALS' | 'MESSENGER_CONFIG';

export function isMessengerError(e: unknown): e is MessengerError {
  return e instanceof MessengerError;
}
