import type { ChannelConnectorConfig, Connector } from '@statecraft/schema';
import { PLATFORM_DEFAULTS, type ChannelPlatform, type ShopLabel } from '../channels/channel-order.ts';
import type { ChannelLimits, MappingOverrides } from '../channels/channel-client.ts';

/** A channel connector's configuration with every default filled in (times in ms). */
export interface ChannelSettings {
  connectorId: string;
  platform: ChannelPlatform;
  gateway: string;
  shop: ShopLabel & { name: string | null; code: string | null };
  sandbox: boolean;
  everyMs: number;
  retry: { afterMs: number; maxAttempts: number };
  window: { maxMs: number; overlapMs: number; lagMs: number; initialLookbackMs: number };
  pageSize: number | undefined;
  signMethod: ChannelConnectorConfig['signMethod'];
  mapping: MappingOverrides;
}

/** The defaults the issue and the scenario fix: every 10 minutes; retry after 5 minutes, 3 times. */
export const CHANNEL_DEFAULTS = { everyMinutes: 10, retryAfterMinutes: 5, maxAttempts: 3, overlapMinutes: 5, initialLookbackHours: 24 } as const;

const MIN = 60_000;

/**
 * Reads a `kind: "channel"` connector of the app definition, capping the window at the
 * platform's limit and keeping its lag.
 *
 * @example channelSettings(def.connectors[0], TAOBAO_LIMITS).everyMs // → 600000
 */
export function channelSettings(connector: Connector, limits: ChannelLimits): ChannelSettings {
  const platform = connector.platform as ChannelPlatform;
  const defaults = PLATFORM_DEFAULTS[platform];
  if (!defaults) throw new Error(`connector "${connector.id}": unknown channel platform "${connector.platform}"`);
  const config = (connector.config ?? {}) as ChannelConnectorConfig;
  const window = config.window ?? {};
  return {
    connectorId: connector.id,
    platform,
    gateway: config.gateway,
    shop: {
      channel: config.channel ?? defaults.channel,
      tag: connector.tag ?? null,
      orderNoPrefix: config.mapping?.orderNoPrefix ?? defaults.orderNoPrefix,
      name: config.shopName ?? null,
      code: config.shopCode ?? null,
    },
    sandbox: config.sandbox === true,
    everyMs: (config.schedule?.everyMinutes ?? CHANNEL_DEFAULTS.everyMinutes) * MIN,
    retry: { afterMs: (config.retry?.afterMinutes ?? CHANNEL_DEFAULTS.retryAfterMinutes) * MIN, maxAttempts: config.retry?.maxAttempts ?? CHANNEL_DEFAULTS.maxAttempts },
    window: {
      maxMs: Math.min(window.minutes ? window.minutes * MIN : limits.maxWindowMs, limits.maxWindowMs),
      overlapMs: (window.overlapMinutes ?? CHANNEL_DEFAULTS.overlapMinutes) * MIN,
      lagMs: Math.max(window.lagMinutes !== undefined ? window.lagMinutes * MIN : limits.lagMs, limits.lagMs),
      initialLookbackMs: (window.initialLookbackHours ?? CHANNEL_DEFAULTS.initialLookbackHours) * 60 * MIN,
    },
    pageSize: config.pageSize,
    signMethod: config.signMethod,
    mapping: (config.mapping ?? {}) as MappingOverrides,
  };
}
