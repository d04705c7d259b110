/**
 * Platform times: TOP, JD and Douyin speak `yyyy-MM-dd HH:mm:ss` in China time (GMT+8, no DST);
 * PDD, WeChat and Douyin lists speak unix seconds. The OMS stores ISO 8601 UTC.
 */
const OFFSET_MS = 8 * 3600_000;

/** @example formatChinaTime(new Date('2024-11-10T16:00:00Z')) // → '2024-11-11 00:00:00' */
export function formatChinaTime(date: Date | number): string {
  const d = new Date((typeof date === 'number' ? date : date.getTime()) + OFFSET_MS);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** @example parseChinaTime('2024-11-11 00:00:00') // → Date 2024-11-10T16:00:00Z */
export function parseChinaTime(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not a China time (yyyy-MM-dd HH:mm:ss): ${JSON.stringify(text)}`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) - OFFSET_MS);
}

/** ISO 8601 UTC of a China time, or null. */
export function chinaTimeToIso(text: string | null | undefined): string | null {
  return text ? parseChinaTime(text).toISOString() : null;
}

/** ISO 8601 UTC of unix seconds, or null for 0/absent (platforms send 0 for "not yet"). */
export function unixToIso(seconds: number | string | null | undefined): string | null {
  const n = Number(seconds);
  return seconds === null || seconds === undefined || !Number.isFinite(n) || n <= 0 ? null : new Date(n * 1000).toISOString();
}
