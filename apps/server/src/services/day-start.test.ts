import { describe, expect, it } from 'vitest';
import { startOfDayIn } from './day-start.ts';

describe('startOfDayIn', () => {
  it('finds midnight in the zone, not in UTC', () => {
    expect(startOfDayIn(new Date('2024-11-11T01:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2024-11-10T16:00:00.000Z');
    expect(startOfDayIn(new Date('2024-11-10T15:59:59Z'), 'Asia/Shanghai').toISOString()).toBe('2024-11-09T16:00:00.000Z');
    expect(startOfDayIn(new Date('2024-11-11T01:00:00Z'), 'UTC').toISOString()).toBe('2024-11-11T00:00:00.000Z');
  });
  it('follows daylight saving time', () => {
    // New York: EDT (UTC-4) on 2024-03-10 after 03:00 local, but that day began at 05:00Z in EST.
    expect(startOfDayIn(new Date('2024-03-10T18:00:00Z'), 'America/New_York').toISOString()).toBe('2024-03-10T05:00:00.000Z');
  });
});
