import type { Problem } from '@statecraft/schema';
import type { Decision, DecisionError } from './types.ts';

/** Every code a refused decision can carry. */
export const ENGINE_ERROR_CODES = [
  'ENGINE_UNKNOWN_ENTITY',
  'ENGINE_ENTITY_MISMATCH',
  'ENGINE_NO_WORKFLOW',
  'ENGINE_UNKNOWN_TRANSITION',
  'ENGINE_TRANSITION_NOT_MANUAL',
  'ENGINE_TRANSITION_NOT_FROM_STATE',
  'ENGINE_ROLE_FORBIDDEN',
  'ENGINE_RECORD_ON_HOLD',
  'ENGINE_GUARD_FAILED',
  'ENGINE_UNKNOWN_EVENT',
  'ENGINE_RECORD_INVALID',
  'ENGINE_FIELD_READ_ONLY',
  'ENGINE_ACTION_INVALID_VALUE',
  'ENGINE_AUTOMATIC_LIMIT',
  'ENGINE_EXPRESSION_FAILED',
] as const;

export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/**
 * A refusal raised deep inside a decision (an automatic chain that does not stop, a bad
 * set_field value, a failing expression); `decide` turns it into `{ ok: false }`.
 */
export class DecisionRefused extends Error {
  override readonly name = 'DecisionRefused';
  constructor(readonly decision: Extract<Decision, { ok: false }>) {
    super(decision.error.message);
  }
}

/** Builds a refused decision. */
export function refuse(
  code: EngineErrorCode,
  en: string,
  zh: string,
  hint: string,
  extra: Partial<Pick<DecisionError, 'transition' | 'transitions'>> = {},
  problems?: Problem[],
): Extract<Decision, { ok: false }> {
  return {
    ok: false,
    error: { code, message: en, hint, i18n: { 'zh-CN': zh, en }, ...extra },
    ...(problems ? { problems } : {}),
  };
}
