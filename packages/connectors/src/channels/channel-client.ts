import type { ChannelOrder, ChannelOrderState, ChannelPlatform, ShopLabel } from './channel-order.ts';
import type { HttpOptions } from './http-call.ts';

/** A span of platform modified times; both ends inclusive, as the platforms treat them. */
export interface TimeWindow {
  start: Date;
  end: Date;
}

/** The limits a platform puts on incremental pulls (channels.md). */
export interface ChannelLimits {
  /** Longest window one query may span. */
  maxWindowMs: number;
  /** How far behind the platform clock the window's end must stay (late writes, PDD's 3 min). */
  lagMs: number;
  maxPageSize: number;
}

/** What the walk of one window cost and brought. */
export interface WindowPull {
  calls: number;
  fetched: number;
}

/**
 * One platform's order API. `pullWindow` walks every page of a window in the platform's safe
 * order (see paging.ts) and hands each page to `onPage`; pages may overlap (duplicates are
 * normal), but no order modified inside the window is left out.
 */
export interface ChannelClient {
  readonly platform: ChannelPlatform;
  readonly limits: ChannelLimits;
  pullWindow(window: TimeWindow, onPage: (orders: ChannelOrder[]) => Promise<void>): Promise<WindowPull>;
}

/** Per-connector mapping overrides from the definition (`config.mapping`). */
export interface MappingOverrides {
  /** Platform status → OMS channel state, e.g. {"PAID_FORBID_CONSIGN": "pending_payment"}. */
  status?: Record<string, ChannelOrderState>;
  /** Use this order-number prefix instead of the platform's (TB, JD, PDD, WX, DY). */
  orderNoPrefix?: string;
}

/** What every client is built from. */
export interface ChannelClientOptions<Credentials> {
  http: HttpOptions;
  credentials: Credentials;
  shop: ShopLabel;
  mapping?: MappingOverrides;
  /** Page size to ask for (capped at the platform's maximum; default the maximum). */
  pageSize?: number;
  /** The clock used for request timestamps (default the real one). */
  now?: () => Date;
}

/** The platform status mapped to a state, with the connector's overrides first. */
export function stateOf(platformStatus: string, table: Record<string, ChannelOrderState>, overrides: MappingOverrides | undefined, platform: string): ChannelOrderState {
  const state = overrides?.status?.[platformStatus] ?? table[platformStatus];
  if (!state) throw new Error(`${platform}: unknown order status ${JSON.stringify(platformStatus)}; map it in the connector's config.mapping.status`);
  return state;
}
