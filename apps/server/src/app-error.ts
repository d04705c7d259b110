import type { Problem } from '@statecraft/schema';

/**
 * The one error class of the server. `code` is stable (callers switch on it, docs/errors.md
 * lists it), `statusCode` is the HTTP status, `message` says what is wrong and `hint` how to fix it.
 *
 * @example
 * throw new AppError('OUTBOX_NOT_FOUND', 404, 'There is no outbox message 42.', { hint: 'List them with GET /api/outbox.' });
 */
export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly hint: string | undefined;
  readonly problems: Problem[] | undefined;
  /** Extra machine-readable detail added to the error body (e.g. the current record version). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    statusCode: number,
    message: string,
    extra: { hint?: string; problems?: Problem[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    this.statusCode = statusCode;
    this.hint = extra.hint;
    this.problems = extra.problems;
    this.details = extra.details;
  }

  /** The JSON body sent to the client: `{ error: { code, message, hint?, problems? } }`. */
  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.hint ? { hint: this.hint } : {}),
        ...(this.problems ? { problems: this.problems } : {}),
        ...(this.details ?? {}),
      },
    };
  }
}

export interface ErrorBody {
  error: { code: string; message: string; hint?: string; problems?: Problem[]; [k: string]: unknown };
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
