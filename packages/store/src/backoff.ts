/** Retry pacing for outbox deliveries. */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The ceiling of the delay after the given failed attempt (1-based): base · 2^(attempt−1),
 * capped at maxDelayMs.
 *
 * @example backoffCeiling(3, { baseDelayMs: 1000, maxDelayMs: 60_000 }) // → 4000
 */
export function backoffCeiling(attempt: number, options: BackoffOptions): number {
  const exp = Math.min(Math.max(attempt - 1, 0), 52);
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exp);
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, ceiling). Jitter spreads the
 * retries of many messages that failed together (a receiver that was down) instead of having
 * them all hit it again at the same instant.
 *
 * @example backoffDelay(3, { baseDelayMs: 1000, maxDelayMs: 60_000 }, () => 0.5) // → 2000
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * backoffCeiling(attempt, options));
}
