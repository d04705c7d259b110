import { ChannelError } from './channel-error.ts';

/** How a client reaches its platform: the gateway, a time-out, and an injectable fetch. */
export interface HttpOptions {
  /** Base URL of the gateway (the sandbox's in tests and demos). */
  gateway: string;
  /** Per call; a slow platform is a transient failure. Default 15 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Immediate attempts per call for transient failures and throttling before the window fails (default 4). */
  attempts?: number;
  /** Pause between those attempts (default 200 ms × attempt; tests set 0). */
  retryDelayMs?: number;
}

/**
 * One HTTP exchange returning parsed JSON; network errors, time-outs, 5xx and bodies that are not
 * JSON become transient `ChannelError`s. Platform-level errors are the caller's to classify.
 */
export async function callJson(platform: string, url: string, init: RequestInit, options: HttpOptions): Promise<unknown> {
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? 15_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let res: Response;
  try {
    res = await (options.fetch ?? fetch)(url, { ...init, signal: controller.signal });
  } catch (err) {
    clearTimeout(timer);
    const timedOut = controller.signal.aborted;
    throw new ChannelError('transient', timedOut ? `${platform}: no answer within ${timeoutMs} ms from ${url}` : `${platform}: cannot reach ${url}: ${(err as Error).message}`, {
      platform,
      code: timedOut ? 'CHANNEL_TIMEOUT' : 'CHANNEL_UNAVAILABLE',
    });
  }
  try {
    const text = await res.text();
    if (res.status >= 500) throw new ChannelError('transient', `${platform}: HTTP ${res.status} from ${url}`, { platform, httpStatus: res.status });
    if (res.status === 429) throw new ChannelError('throttled', `${platform}: HTTP 429 from ${url}`, { platform, httpStatus: 429 });
    try {
      return JSON.parse(text);
    } catch {
      throw new ChannelError('transient', `${platform}: HTTP ${res.status} with a body that is not JSON from ${url}`, { platform, httpStatus: res.status, code: 'CHANNEL_BAD_RESPONSE' });
    }
  } catch (err) {
    if (err instanceof ChannelError) throw err;
    throw new ChannelError('transient', `${platform}: the answer from ${url} broke off: ${(err as Error).message}`, { platform, code: controller.signal.aborted ? 'CHANNEL_TIMEOUT' : 'CHANNEL_UNAVAILABLE' });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `call` again on transient and throttling errors, up to `attempts` times; a permanent error
 * or the last failure is thrown for the intake to log and schedule per the retry policy.
 */
export async function withAttempts<T>(options: HttpOptions, call: () => Promise<T>): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const delay = options.retryDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof ChannelError) || !err.retryable || attempt >= attempts) throw err;
      // Throttling asks for a longer pause than a dropped connection.
      const wait = delay * attempt * (err.kind === 'throttled' ? 5 : 1);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }
}
