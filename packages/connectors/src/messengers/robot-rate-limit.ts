/**
 * A robot's sending budget: at most `limit` messages in any `windowMs` (DingTalk and WeCom: 20
 * a minute), plus a pause the platform imposes (throttled, down). `reserve()` hands out send
 * times in order, never two too close, so a burst is spread out instead of dropped: the caller
 * sends at once when the slot is now, and otherwise schedules the message for the slot.
 *
 * @example
 * const limit = new RobotRateLimit({ limit: 20, windowMs: 60_000, clock: () => Date.now() });
 * const at = limit.reserve(); // ms since epoch; <= now means "send now"
 */
export class RobotRateLimit {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: () => number;
  /** Send times handed out, ascending (past and future). */
  private slots: number[] = [];
  private pausedUntil = 0;

  constructor(options: { limit?: number; windowMs?: number; clock?: () => number } = {}) {
    this.limit = options.limit ?? 20;
    this.windowMs = options.windowMs ?? 60_000;
    this.clock = options.clock ?? Date.now;
  }

  /** Takes the next free send time (ms since the epoch). */
  reserve(): number {
    const now = this.clock();
    this.slots = this.slots.filter((t) => t > now - this.windowMs);
    // FIFO: a new slot never goes before one already handed out.
    let at = Math.max(now, this.pausedUntil, this.slots[this.slots.length - 1] ?? 0);
    // The (limit)th slot before `at` must be a full window earlier.
    for (;;) {
      const within = this.slots.filter((t) => t > at - this.windowMs && t <= at);
      if (within.length < this.limit) break;
      at = within[within.length - this.limit]! + this.windowMs;
    }
    this.slots.push(at);
    return at;
  }

  /** Gives back a slot that was not used (the send failed before reaching the robot). */
  release(at: number): void {
    const i = this.slots.lastIndexOf(at);
    if (i >= 0) this.slots.splice(i, 1);
  }

  /** The platform said "not before": no slot is handed out until then. */
  pauseUntil(at: number): void {
    if (at > this.pausedUntil) this.pausedUntil = at;
    this.slots = this.slots.filter((t) => t <= this.clock());
  }

  /** When the robot may be called again (0 when not paused). */
  get pausedUntilMs(): number {
    return this.pausedUntil;
  }
}
