import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ChannelError } from './channel-error.ts';

/** How a client reaches its platform: the gateway, a time-out and how often to try again. */
export interface HttpOptions {
  /** Base URL of the gateway (the sandbox's in tests and demos). */
  gateway: string;
  /** Per call; a slow platform is a transient failure. Default 15 s. */
  timeoutMs?: number;
  /** Immediate attempts per call for transient failures and throttling before the window fails (default 4). */
  attempts?: number;
  /** Pause between those attempts (default 200 ms × attempt; tests set 0). */
  retryDelayMs?: number;
  /** Sent as User-Agent, so the platform's logs (and a sandbox's) tell which process called. */
  userAgent?: string;
}

/** Keep-alive agents: a pull makes many calls to one gateway; a new connection per call costs more than the call. */
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 16 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 16 }) };

/** Status and body text of one exchange, over node:http(s) with a keep-alive agent. */
function exchange(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }, timeoutMs: number, userAgent: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
    const req = (secure ? httpsRequest : httpRequest)(
      target,
      { method: init.method ?? 'GET', agent: secure ? agents.https : agents.http, headers: { 'user-agent': userAgent, ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(Object.assign(err, { midway: true })));
        res.on('aborted', () => reject(Object.assign(new Error('the connection closed before the answer was complete'), { midway: true })));
      },
    );
    // A deadline for the whole exchange, not an idle time-out: a platform dripping bytes is as stuck as a silent one.
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { timedOut: true })), timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One HTTP exchange returning parsed JSON; network errors, time-outs, 5xx and bodies that are not
 * JSON become transient `ChannelError`s. Platform-level errors are the caller's to classify.
 */
export async function callJson(platform: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string }, options: HttpOptions): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  let res: { status: number; text: string };
  try {
    res = await exchange(url, init, timeoutMs, options.userAgent ?? 'statecraft-intake');
  } catch (err) {
    const e = err as Error & { timedOut?: boolean; midway?: boolean };
    if (e.timedOut) throw new ChannelError('transient', `${platform}: no answer within ${timeoutMs} ms from ${url}`, { platform, code: 'CHANNEL_TIMEOUT' });
    if (e.midway) throw new ChannelError('transient', `${platform}: the answer from ${url} broke off: ${e.message}`, { platform, code: 'CHANNEL_UNAVAILABLE' });
    throw new ChannelError('transient', `${platform}: cannot reach ${url}: ${e.message}`, { platform, code: 'CHANNEL_UNAVAILABLE' });
  }
  if (res.status >= 500) throw new ChannelError('transient', `${platform}: HTTP ${res.status} from ${url}`, { platform, httpStatus: res.status });
  if (res.status === 429) throw new ChannelError('throttled', `${platform}: HTTP 429 from ${url}`, { platform, httpStatus: 429 });
  try {
    return JSON.parse(res.text);
  } catch {
    throw new ChannelError('transient', `${platform}: HTTP ${res.status} with a body that is not JSON from ${url}`, { platform, httpStatus: res.status, code: 'CHANNEL_BAD_RESPONSE' });
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
