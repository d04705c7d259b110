import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from './backoff.ts';

const options = { baseDelayMs: 1000, maxDelayMs: 60_000 };

describe('backoff', () => {
  it('doubles the ceiling per attempt up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffCeiling(a, options))).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect(backoffCeiling(500, options)).toBe(60_000);
  });

  it('draws the delay uniformly below the ceiling (full jitter)', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.5)).toBe(2000);
    expect(backoffDelay(3, options, () => 0.999999)).toBe(3999);
    // A random source that misbehaves is clamped into range.
    expect(backoffDelay(3, options, () => 7)).toBe(4000);
    expect(backoffDelay(3, options, () => -1)).toBe(0);
  });
});
