import type { Alert, Store } from '@statecraft/store';

/** Something that happened, pushed to signed-in users: a new alert, or a record written. */
export type LiveEvent =
  | { type: 'alert'; alert: Alert }
  | { type: 'record'; auditId: number; entity: string; recordId: number; action: string; transition: string | null; actor: string | null; at: string };

export type LiveListener = (events: LiveEvent[]) => void;

const BATCH = 500;

/**
 * New alerts and record changes as they are written, by whoever writes them (this process, a
 * channel pull, another server on the same database): every command writes an audit row and
 * alerts are rows too, so the feed reads what is newer than the last ids it saw — two
 * primary-key range reads per tick, and only while someone listens. `poke()` reads at once.
 *
 * @example const stop = feed.subscribe((events) => push(events)); … stop();
 */
export class LiveEventFeed {
  private readonly listeners = new Set<LiveListener>();
  private timer: NodeJS.Timeout | null = null;
  private last: { alert: number; audit: number } | null = null;
  private reading: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly store: Pick<Store, 'knex' | 'alerts'>,
    private readonly intervalMs = 250,
  ) {}

  /** Listens from now on; resolves once the starting point is known (nothing older is pushed). */
  async subscribe(listener: LiveListener): Promise<() => void> {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => this.poke(), this.intervalMs);
      this.timer.unref();
    }
    if (!this.last) await this.read();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Reads now (e.g. right after a write answered by this process). */
  poke(): void {
    if (this.listeners.size === 0) return;
    if (this.reading) this.again = true;
    else void this.read();
  }

  get size(): number {
    return this.listeners.size;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.last = null;
  }

  private read(): Promise<void> {
    this.reading ??= (async () => {
      try {
        const knex = this.store.knex;
        if (!this.last) {
          const a = (await knex('sc_alert').max({ m: 'id' }).first()) as { m: unknown } | undefined;
          const b = (await knex('sc_audit').max({ m: 'id' }).first()) as { m: unknown } | undefined;
          this.last = { alert: Number(a?.m ?? 0), audit: Number(b?.m ?? 0) };
          return;
        }
        const alerts = await this.store.alerts.since(this.last.alert, BATCH);
        const audit = await knex('sc_audit').select('id', 'entity', 'record_id', 'action', 'transition_id', 'actor', 'at').where('id', '>', this.last.audit).orderBy('id').limit(BATCH);
        const events: LiveEvent[] = [];
        for (const row of audit) {
          this.last.audit = Number(row.id);
          events.push({ type: 'record', auditId: Number(row.id), entity: row.entity, recordId: Number(row.record_id), action: row.action, transition: row.transition_id ?? null, actor: row.actor ?? null, at: row.at instanceof Date ? row.at.toISOString() : String(row.at) });
        }
        for (const alert of alerts) {
          this.last.alert = alert.id;
          events.push({ type: 'alert', alert });
        }
        if (events.length) for (const l of [...this.listeners]) l(events);
        if (alerts.length === BATCH || audit.length === BATCH) this.again = true;
      } catch {
        // A busy or closing database: the next tick tries again.
      } finally {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      }
    })();
    return this.reading;
  }
}
