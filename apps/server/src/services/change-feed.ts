import type { Store } from '@statecraft/store';

export type ChangeListener = () => void;

/**
 * Tells listeners that records changed, whoever changed them (this process, intake, another
 * server process on the same database): every command writes an audit row, so the feed watches
 * the newest audit id — one primary-key lookup per tick, and only while someone listens.
 * `poke()` checks at once (after a write through this server) instead of waiting for the tick.
 *
 * @example const stop = feed.subscribe(() => push()); … stop();
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private timer: NodeJS.Timeout | null = null;
  private lastSeen: number | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly intervalMs = 250,
  ) {}

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => void this.check(), this.intervalMs);
      this.timer.unref();
      void this.check();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Checks for changes now (e.g. right after a write answered by this process). */
  poke(): void {
    if (this.listeners.size > 0) void this.check();
  }

  get size(): number {
    return this.listeners.size;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.lastSeen = null;
  }

  private check(): Promise<void> {
    this.checking ??= (async () => {
      try {
        const row = (await this.store.knex('sc_audit').max({ m: 'id' }).first()) as { m: number | string | null } | undefined;
        const latest = row?.m === null || row?.m === undefined ? 0 : Number(row.m);
        if (this.lastSeen !== null && latest !== this.lastSeen) for (const l of [...this.listeners]) l();
        this.lastSeen = latest;
      } catch {
        // A busy or closing database: the next tick tries again.
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }
}
