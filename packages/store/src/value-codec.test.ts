import { describe, expect, it } from 'vitest';
import { normaliseInstant } from './value-codec.ts';

describe('normaliseInstant', () => {
  it('answers a repeated instant as the first time, and still refuses what follows a valid one', () => {
    expect(normaliseInstant('2024-11-11T08:00:00+08:00', 'at')).toBe('2024-11-11T00:00:00.000Z');
    expect(normaliseInstant('2024-11-11T08:00:00+08:00', 'at')).toBe('2024-11-11T00:00:00.000Z');
    expect(normaliseInstant('2024-11-11T08:00:00Z', 'at')).toBe('2024-11-11T08:00:00.000Z');
    expect(() => normaliseInstant('2024-11-11T08:00:00', 'at')).toThrow(/time zone/);
    expect(() => normaliseInstant(undefined, 'at')).toThrow(/time zone/);
    expect(() => normaliseInstant('2024-13-11T08:00:00Z', 'at')).toThrow(/time zone/);
    expect(normaliseInstant('2024-11-11T08:00:00Z', 'at')).toBe('2024-11-11T08:00:00.000Z');
  });
});
