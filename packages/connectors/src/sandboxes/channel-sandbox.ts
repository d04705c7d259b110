import type { ChannelPlatform } from '../channels/channel-order.ts';
import type { SandboxHttp, SandboxListenOptions } from './sandbox-server.ts';
import type { SandboxShop } from './sandbox-shop.ts';

/** A running platform sandbox: its HTTP server, its order book and the credentials it accepts. */
export interface ChannelSandbox<Credentials = Record<string, string>> extends SandboxHttp {
  readonly platform: ChannelPlatform;
  /** What the client's `http.gateway` must be. */
  readonly gateway: string;
  readonly shop: SandboxShop;
  readonly credentials: Credentials;
}

export interface ChannelSandboxOptions<Credentials> extends SandboxListenOptions {
  /** The platform clock in ms (tests inject theirs; default Date.now). */
  now?: () => number;
  seed?: number;
  credentials?: Partial<Credentials>;
}

/** Seconds between a request's timestamp and the platform clock that TOP-style gateways accept. */
export const TIMESTAMP_TOLERANCE_MS = 10 * 60_000;
