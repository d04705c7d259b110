/**
 * The instant a calendar day starts in an IANA time zone ("today" on a dashboard for a seller
 * in Asia/Shanghai is not today in UTC).
 *
 * @example startOfDayIn(new Date('2024-11-11T01:00:00Z'), 'Asia/Shanghai') // → 2024-11-10T16:00:00.000Z
 */
export function startOfDayIn(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const midnightAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'));
  // The zone's offset at that midnight: format the guess back in the zone and compare.
  const offset = zoneOffsetMs(new Date(midnightAsUtc), timeZone);
  return new Date(midnightAsUtc - offset);
}

function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
