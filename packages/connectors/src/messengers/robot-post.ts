import { MessengerError } from './messenger-error.ts';
import type { FetchLike } from './messenger.ts';

/**
 * POSTs JSON to a robot webhook and returns the parsed answer. Network failures, time-outs and
 * 5xx are retryable (`MESSENGER_UNAVAILABLE`); a 4xx or an answer that is not JSON is permanent.
 */
export async function postRobot(fetchFn: FetchLike, url: string, body: unknown, timeoutMs: number, platform: string): Promise<{ errcode?: number; errmsg?: string }> {
  let res: { status: number; text(): Promise<string> };
  try {
    res = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new MessengerError('MESSENGER_UNAVAILABLE', `${platform} robot at ${new URL(url).origin} could not be reached (${(e as Error).message}); will retry.`, false);
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 500 || res.status === 429) {
    throw new MessengerError('MESSENGER_UNAVAILABLE', `${platform} robot answered HTTP ${res.status}; will retry.`, false, undefined, res.status);
  }
  if (res.status >= 400) {
    throw new MessengerError('MESSENGER_REJECTED', `${platform} robot refused the request with HTTP ${res.status}: ${text.slice(0, 200)}. Check the connector's URL.`, true, undefined, res.status);
  }
  try {
    return JSON.parse(text) as { errcode?: number; errmsg?: string };
  } catch {
    throw new MessengerError('MESSENGER_REJECTED', `${platform} robot answered something that is not JSON: ${text.slice(0, 200)}. Check the connector's URL.`, true);
  }
}
