import { backoffDelay } from './backoff.ts';
import type { OutboxRepository, ClaimedMessage } from './outbox.repository.ts';
import { StoreError } from './store-error.ts';

/**
 * Delivers one message; throw to retry, throw an error with `permanent: true` to give up now, or
 * throw an `OutboxDeferral` to say "not before then" without spending an attempt.
 */
export type OutboxHandler = (payload: unknown, context: { idempotencyKey: string; attempt: number; id: number; createdAt: string }) => Promise<void>;

/**
 * Thrown by a handler when the message cannot go yet for a reason that is not its own fault: the
 * receiver's rate limit hands out a later slot, the receiver said "throttled, come back in 10
 * minutes", or it is down and being probed. The message goes back to pending, due at `until`,
 * and the attempt it was claimed with is given back, so waiting never moves it towards `dead`.
 *
 * @example throw new OutboxDeferral(new Date(slotMs), 'DingTalk robot ops_dingtalk: 20 a minute, next free slot');
 */
export class OutboxDeferral extends Error {
  override readonly name = 'OutboxDeferral';
  readonly deferUntil: Date;
  constructor(until: Date | string | number, reason: string) {
    super(reason);
    this.deferUntil = new Date(until);
    if (Number.isNaN(this.deferUntil.getTime())) throw new StoreError('STORE_INVALID_ARGUMENT', `OutboxDeferral needs a valid instant; got ${JSON.stringify(until)}.`, { field: 'until' });
  }
}

function deferralOf(err: unknown): Date | null {
  const until = (err as { deferUntil?: unknown } | null)?.deferUntil;
  return until instanceof Date && !Number.isNaN(until.getTime()) ? until : null;
}

export interface OutboxDispatcherOptions {
  /** The store (or transaction-free holder) whose outbox to deliver. */
  store: { outbox: OutboxRepository };
  /** One handler per message kind; kinds without a handler are left for another dispatcher. */
  handlers: Record<string, OutboxHandler>;
  /** The current time (default: the wall clock). Tests inject one. */
  clock?: () => Date;
  /** A number in [0, 1) for the jitter (default Math.random). Tests inject one. */
  random?: () => number;
  /** Attempts before a message is dead (default 8). */
  maxAttempts?: number;
  /** First retry delay ceiling (default 1 s); doubles each attempt. */
  baseDelayMs?: number;
  /** Largest retry delay ceiling (default 1 h). */
  maxDelayMs?: number;
  /** How long a claim holds before another dispatcher may take the message over (default 5 min). */
  leaseMs?: number;
  /** Messages claimed per round (default 50). */
  batchSize?: number;
  /** Told about errors of the loop itself (database down…); the loop keeps going. */
  onError?: (err: unknown) => void;
}

/** What one round did. */
export interface DispatchReport {
  claimed: number;
  delivered: number;
  retried: number;
  /** Put back for later by the handler (OutboxDeferral), without spending an attempt. */
  deferred: number;
  dead: number;
  /** Outcomes that could not be recorded because the claim had expired and moved on. */
  lost: number;
}

const MAX_ERROR = 2000;

function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR)}…` : text;
}

/**
 * Delivers outbox messages: claims due ones, calls the handler of their kind outside the claiming
 * transaction, then marks them done or schedules a retry (exponential backoff, full jitter), or
 * moves them to `dead` after maxAttempts or on a permanent error. Delivery is at least once:
 * receivers dedupe on the idempotency key.
 *
 * @example
 * const dispatcher = new OutboxDispatcher({ store, handlers: { http_request: (p, { idempotencyKey }) => post(p, idempotencyKey) } });
 * dispatcher.start(1000);
 * // … on shutdown
 * await dispatcher.stop();
 */
export class OutboxDispatcher {
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(private readonly options: OutboxDispatcherOptions) {
    const positive = (name: string, value: number | undefined, fallback: number) => {
      const v = value ?? fallback;
      if (!Number.isFinite(v) || v < (name === 'baseDelayMs' || name === 'maxDelayMs' ? 0 : 1)) {
        throw new StoreError('STORE_INVALID_ARGUMENT', `OutboxDispatcher option ${name} must be a positive number; got ${JSON.stringify(value)}.`, { field: name });
      }
      return v;
    };
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.maxAttempts = positive('maxAttempts', options.maxAttempts, 8);
    this.baseDelayMs = positive('baseDelayMs', options.baseDelayMs, 1000);
    this.maxDelayMs = positive('maxDelayMs', options.maxDelayMs, 3_600_000);
    this.leaseMs = positive('leaseMs', options.leaseMs, 300_000);
    this.batchSize = positive('batchSize', options.batchSize, 50);
  }

  /**
   * One round: claim what is due and deliver it.
   *
   * @example const report = await dispatcher.runOnce() // → { claimed: 3, delivered: 2, retried: 1, deferred: 0, dead: 0, lost: 0 }
   */
  async runOnce(): Promise<DispatchReport> {
    const outbox = this.options.store.outbox;
    const report: DispatchReport = { claimed: 0, delivered: 0, retried: 0, deferred: 0, dead: 0, lost: 0 };
    const claimed = await outbox.claimDue({
      now: this.clock().toISOString(),
      leaseMs: this.leaseMs,
      limit: this.batchSize,
      kinds: Object.keys(this.options.handlers),
    });
    report.claimed = claimed.length;
    for (const message of claimed) await this.deliver(message, report);
    return report;
  }

  private async deliver(message: ClaimedMessage, report: DispatchReport): Promise<void> {
    const outbox = this.options.store.outbox;
    const handler = this.options.handlers[message.kind]!;
    try {
      await handler(message.payload, { idempotencyKey: message.idempotencyKey, attempt: message.attempts, id: message.id, createdAt: message.createdAt });
    } catch (err) {
      const until = deferralOf(err);
      if (until) {
        const at = new Date(Math.max(until.getTime(), this.clock().getTime())).toISOString();
        if (await outbox.markDeferred(message, at, describe(err))) report.deferred++;
        else report.lost++;
        return;
      }
      const permanent = (err as { permanent?: unknown } | null)?.permanent === true;
      const dead = permanent || message.attempts >= this.maxAttempts;
      const now = this.clock();
      const next = dead ? null : new Date(now.getTime() + backoffDelay(message.attempts, { baseDelayMs: this.baseDelayMs, maxDelayMs: this.maxDelayMs }, this.random)).toISOString();
      const recorded = await outbox.markFailed(message, describe(err), next);
      if (!recorded) report.lost++;
      else if (dead) report.dead++;
      else report.retried++;
      return;
    }
    if (await outbox.markDone(message, this.clock().toISOString())) report.delivered++;
    else report.lost++;
  }

  /**
   * Runs rounds until stopped: one now, then every `intervalMs` (at once again while rounds
   * come back full, to drain a backlog).
   */
  start(intervalMs = 1000): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      this.timer = null;
      let full = false;
      try {
        const report = await this.runOnce();
        full = report.claimed >= this.batchSize;
      } catch (err) {
        this.options.onError?.(err);
      }
      if (!this.stopped) this.timer = setTimeout(() => void (this.running = tick()), full ? 0 : intervalMs);
    };
    this.running = tick();
  }

  /** Stops the loop and waits for the round in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    this.running = null;
  }
}
