import { ChannelError } from './channel-error.ts';
import type { ChannelOrder } from './channel-order.ts';
import type { WindowPull } from './channel-client.ts';

/*
 * Results come sorted by modified time, newest first, and change while we page: an order
 * modified meanwhile leaves the window (its new time is past the window's end, so the next
 * window has it) and everything after it moves up one place. Walking pages front to back would
 * then skip the order that slid onto a page already read. Three safe walks, one per API style:
 *
 * - numbered pages with a total (TOP, JD, PDD): read the last page first and walk to page 1.
 *   Anything sliding up lands on a page not read yet. If the total changed during the walk
 *   (a late write landed inside the window), walk again;
 * - numbered pages without a total (Douyin, `has_more` only): keep reading page 0 and lower the
 *   window's end to the oldest time seen, so a shift cannot hide anything;
 * - an opaque cursor (WeChat `next_key`): the platform keeps the position.
 *
 * A page identical to the one before it (a platform glitch that repeats a page) is refused as
 * transient: taking it would silently drop the page it stands in for.
 *
 * Each walk asks for the next page as soon as it knows which one that is, before it hands the
 * current page on (`readAhead`): pages are still read and handed on one by one, in the same order.
 */

function samePage(a: ChannelOrder[] | null, b: ChannelOrder[]): boolean {
  if (!a || a.length === 0 || a.length !== b.length || b.length < 2) return false;
  return a.every((o, i) => o.sourceOrderId === b[i]!.sourceOrderId && o.modifiedAt === b[i]!.modifiedAt);
}

function repeated(platform: string, page: number | string): ChannelError {
  return new ChannelError('transient', `${platform}: page ${page} repeated the page before it; reading it again`, { platform, code: 'CHANNEL_REPEATED_PAGE' });
}

/** Whole seconds: the platforms compare times at second precision. */
const second = (ms: number) => Math.floor(ms / 1000) * 1000;

/**
 * Reads one page, and reads it again when it merely repeats the previous page or holds orders
 * from outside the window (a page answered for another query).
 */
async function readChecked<T extends { orders: ChannelOrder[] }>(platform: string, label: number | string, previous: ChannelOrder[] | null, read: () => Promise<T>, stats: WindowPull, window?: { start: Date; end: Date }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    stats.calls++;
    const page = await read();
    const outside = window ? page.orders.find((o) => { const t = Date.parse(o.modifiedAt); return t < second(window.start.getTime()) || t > second(window.end.getTime()) + 999; }) : undefined;
    if (!samePage(previous, page.orders) && !outside) return page;
    if (attempt >= 3) {
      if (outside) throw new ChannelError('transient', `${platform}: page ${label} holds order ${outside.sourceOrderId} modified ${outside.modifiedAt}, outside the window asked for`, { platform, code: 'CHANNEL_BAD_RESPONSE' });
      throw repeated(platform, label);
    }
  }
}

/**
 * The next page, asked for before this one is handed on: the platform prepares it while the
 * caller handles this one (writes it, maybe), one call in flight as before. Should the caller
 * fail meanwhile, the page is dropped unread rather than left as an unhandled rejection.
 */
function readAhead<T>(page: Promise<T>): Promise<T> {
  page.catch(() => undefined);
  return page;
}

/**
 * Numbered pages with a total, walked from the last page to the first.
 *
 * @example await walkBackwards('taobao', 100, (n) => client.page(window, n), onPage)
 */
export async function walkBackwards(
  platform: string,
  pageSize: number,
  readPage: (page: number) => Promise<{ orders: ChannelOrder[]; total: number }>,
  onPage: (orders: ChannelOrder[]) => Promise<void>,
  firstPage = 1,
  window?: { start: Date; end: Date },
): Promise<WindowPull> {
  const stats: WindowPull = { calls: 0, fetched: 0 };
  const first = await readChecked(platform, firstPage, null, () => readPage(firstPage), stats, window);
  let total = first.total;
  for (let walk = 1; ; walk++) {
    const pages = Math.max(1, Math.ceil(total / pageSize));
    if (pages === 1 && walk === 1) {
      stats.fetched += first.orders.length;
      await onPage(first.orders);
      return stats;
    }
    let previous: ChannelOrder[] | null = null;
    let lastTotal = total;
    let ahead: Promise<{ orders: ChannelOrder[]; total: number }> | null = null;
    for (let p = firstPage + pages - 1; p >= firstPage; p--) {
      const page: { orders: ChannelOrder[]; total: number } = await (ahead ?? readChecked(platform, p, previous, () => readPage(p), stats, window));
      ahead = p > firstPage ? readAhead(readChecked(platform, p - 1, page.orders, () => readPage(p - 1), stats, window)) : null;
      previous = page.orders;
      lastTotal = page.total;
      stats.fetched += page.orders.length;
      await onPage(page.orders);
    }
    // Page 1 was read last: its total is the window's size now. More than at the start means a
    // late write landed inside the window and may have pushed an order onto a page read earlier.
    if (lastTotal <= total || walk >= 3) return stats;
    total = lastTotal;
  }
}

/**
 * Pages with `has_more` only: always page 0 of a window whose end comes down to the oldest
 * modified time seen. More orders than a page sharing one second move on by page number.
 */
export async function walkNarrowing(
  platform: string,
  window: { start: Date; end: Date },
  readPage: (end: Date, page: number) => Promise<{ orders: ChannelOrder[]; hasMore: boolean }>,
  onPage: (orders: ChannelOrder[]) => Promise<void>,
  firstPage = 0,
): Promise<WindowPull> {
  const stats: WindowPull = { calls: 0, fetched: 0 };
  let end = window.end;
  let page = firstPage;
  let previous: ChannelOrder[] | null = null;
  let ahead: Promise<{ orders: ChannelOrder[]; hasMore: boolean }> | null = null;
  for (;;) {
    const [at, from] = [end, page];
    const result: { orders: ChannelOrder[]; hasMore: boolean } = await (ahead ?? readChecked(platform, from, previous, () => readPage(at, from), stats, { start: window.start, end: at }));
    ahead = null;
    previous = result.orders;
    stats.fetched += result.orders.length;
    const more = result.hasMore && result.orders.length > 0;
    if (more) {
      const oldest = Math.min(...result.orders.map((o: ChannelOrder) => Date.parse(o.modifiedAt)));
      if (oldest < end.getTime()) {
        end = new Date(oldest);
        page = firstPage;
        previous = null; // the next page 0 overlaps this one on purpose
      } else {
        page++;
      }
      const [nextEnd, nextPage, before] = [end, page, previous];
      ahead = readAhead(readChecked(platform, nextPage, before, () => readPage(nextEnd, nextPage), stats, { start: window.start, end: nextEnd }));
    }
    await onPage(result.orders);
    if (!more) return stats;
  }
}

/** An opaque cursor (WeChat `next_key`). */
export async function walkCursor(
  platform: string,
  readPage: (cursor: string) => Promise<{ orders: ChannelOrder[]; next: string; hasMore: boolean }>,
  onPage: (orders: ChannelOrder[]) => Promise<void>,
): Promise<WindowPull> {
  const stats: WindowPull = { calls: 0, fetched: 0 };
  let cursor = '';
  let previous: ChannelOrder[] | null = null;
  let ahead: Promise<{ orders: ChannelOrder[]; next: string; hasMore: boolean }> | null = null;
  for (;;) {
    const from = cursor;
    // No window check here: the list gives ids only and the details, read after it, may be newer.
    const result: { orders: ChannelOrder[]; next: string; hasMore: boolean } = await (ahead ?? readChecked(platform, from || 'first', previous, () => readPage(from), stats));
    previous = result.orders;
    stats.fetched += result.orders.length;
    cursor = result.next;
    const next = cursor;
    ahead = result.hasMore ? readAhead(readChecked(platform, next || 'first', result.orders, () => readPage(next), stats)) : null;
    await onPage(result.orders);
    if (!result.hasMore) return stats;
  }
}
