import type { FailedWindow, IntakeCounts, IntakeRun } from '@statecraft/schema';
import type { TimeWindow } from '../channels/channel-client.ts';

export type { IntakeCounts, FailedWindow, IntakeRun };

export const zeroCounts = (): IntakeCounts => ({ fetched: 0, new: 0, updated: 0, skipped: 0, failed: 0 });

export function addCounts(into: IntakeCounts, more: IntakeCounts): IntakeCounts {
  into.fetched += more.fetched;
  into.new += more.new;
  into.updated += more.updated;
  into.skipped += more.skipped;
  into.failed += more.failed;
  return into;
}



/**
 * Where the intake keeps what must survive a crash: the cursor (the modified time up to which a
 * connector has pulled), failed windows and the sync log. The server keeps it in the database;
 * tests use `MemoryIntakeState`.
 */
export interface IntakeStateStore {
  getCursor(connectorId: string): Promise<string | null>;
  setCursor(connectorId: string, watermark: string): Promise<void>;
  recordFailure(connectorId: string, window: TimeWindow, error: string, now: Date, retry: { afterMs: number; maxAttempts: number }, existing?: FailedWindow): Promise<FailedWindow>;
  resolveFailure(id: number, now: Date): Promise<void>;
  dueFailures(connectorId: string, now: Date): Promise<FailedWindow[]>;
  listFailures(connectorId: string, status?: FailedWindow['status']): Promise<FailedWindow[]>;
  /** Puts a dead window back to `retry`, due now (a person pressed retry). */
  requeueFailure(id: number, now: Date): Promise<FailedWindow | null>;
  appendRun(run: IntakeRun): Promise<IntakeRun>;
  listRuns(connectorId: string, limit?: number): Promise<IntakeRun[]>;
}

/** The next state of a failed window after one more failed attempt. */
export function nextFailure(attempts: number, now: Date, retry: { afterMs: number; maxAttempts: number }): Pick<FailedWindow, 'attempts' | 'status' | 'nextAttemptAt'> {
  // The first failure is attempt 1; retries are attempts 2..maxAttempts+1.
  const dead = attempts > retry.maxAttempts;
  return { attempts, status: dead ? 'dead' : 'retry', nextAttemptAt: dead ? null : new Date(now.getTime() + retry.afterMs).toISOString() };
}

/** In-memory state, for tests and the bench. */
export class MemoryIntakeState implements IntakeStateStore {
  private readonly cursors = new Map<string, string>();
  private readonly failures = new Map<number, FailedWindow>();
  private readonly runs: IntakeRun[] = [];
  private nextId = 1;

  async getCursor(connectorId: string) {
    return this.cursors.get(connectorId) ?? null;
  }
  async setCursor(connectorId: string, watermark: string) {
    this.cursors.set(connectorId, watermark);
  }
  async recordFailure(connectorId: string, window: TimeWindow, error: string, now: Date, retry: { afterMs: number; maxAttempts: number }, existing?: FailedWindow) {
    const attempts = (existing?.attempts ?? 0) + 1;
    const row: FailedWindow = {
      id: existing?.id ?? this.nextId++,
      connectorId,
      start: window.start.toISOString(),
      end: window.end.toISOString(),
      ...nextFailure(attempts, now, retry),
      lastError: error,
      updatedAt: now.toISOString(),
    };
    this.failures.set(row.id, row);
    return { ...row };
  }
  async resolveFailure(id: number, now: Date) {
    const row = this.failures.get(id);
    if (row) Object.assign(row, { status: 'done', nextAttemptAt: null, updatedAt: now.toISOString() });
  }
  async dueFailures(connectorId: string, now: Date) {
    return [...this.failures.values()].filter((f) => f.connectorId === connectorId && f.status === 'retry' && f.nextAttemptAt !== null && Date.parse(f.nextAttemptAt) <= now.getTime()).map((f) => ({ ...f }));
  }
  async listFailures(connectorId: string, status?: FailedWindow['status']) {
    return [...this.failures.values()].filter((f) => f.connectorId === connectorId && (!status || f.status === status)).map((f) => ({ ...f }));
  }
  async requeueFailure(id: number, now: Date) {
    const row = this.failures.get(id);
    if (!row || row.status !== 'dead') return null;
    Object.assign(row, { status: 'retry', nextAttemptAt: now.toISOString(), updatedAt: now.toISOString() });
    return { ...row };
  }
  async appendRun(run: IntakeRun) {
    const stored = { ...run, id: this.runs.length + 1 };
    this.runs.push(stored);
    return stored;
  }
  async listRuns(connectorId: string, limit = 50) {
    return this.runs.filter((r) => r.connectorId === connectorId).slice(-limit).reverse();
  }
}
