import type { Problem } from '@statecraft/schema';
import { AppError } from '../app-error.ts';

/** HTTP status of each engine refusal; unknown future codes answer 422. */
const STATUS: Record<string, number> = {
  ENGINE_UNKNOWN_ENTITY: 404,
  ENGINE_ENTITY_MISMATCH: 400,
  ENGINE_NO_WORKFLOW: 409,
  ENGINE_UNKNOWN_TRANSITION: 404,
  ENGINE_TRANSITION_NOT_MANUAL: 409,
  ENGINE_TRANSITION_NOT_FROM_STATE: 409,
  ENGINE_ROLE_FORBIDDEN: 403,
  ENGINE_RECORD_ON_HOLD: 409,
  ENGINE_GUARD_FAILED: 422,
  ENGINE_UNKNOWN_EVENT: 404,
  ENGINE_RECORD_INVALID: 422,
  ENGINE_FIELD_READ_ONLY: 422,
  ENGINE_ACTION_INVALID_VALUE: 422,
  ENGINE_AUTOMATIC_LIMIT: 422,
  ENGINE_EXPRESSION_FAILED: 422,
};

export function engineStatus(code: string): number {
  return STATUS[code] ?? 422;
}

interface Refusal {
  error: { code: string; message: string; hint?: string; i18n?: unknown; transition?: string; transitions?: string[] };
  problems?: Problem[];
}

/** An engine refusal as the API's error: same code, status by kind, zh-CN/en text kept in `i18n`. */
export function fromRefusal(refusal: Refusal): AppError {
  const { code, message, hint, i18n, transition, transitions } = refusal.error;
  return new AppError(code, engineStatus(code), message, {
    ...(hint ? { hint } : {}),
    ...(refusal.problems ? { problems: refusal.problems } : {}),
    details: {
      ...(i18n ? { i18n } : {}),
      ...(transition ? { transition } : {}),
      ...(transitions ? { transitions } : {}),
    },
  });
}
