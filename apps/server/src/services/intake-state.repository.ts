import { nextFailure, type FailedWindow, type IntakeRun, type IntakeStateStore, type TimeWindow } from '@statecraft/connectors';
import type { Store } from '@statecraft/store';

type Knex = Store['knex'];

type Row = Record<string, unknown>;

const failureOf = (r: Row): FailedWindow => ({
  id: Number(r.id),
  connectorId: String(r.connector_id),
  start: String(r.window_start),
  end: String(r.window_end),
  attempts: Number(r.attempts),
  status: r.status as FailedWindow['status'],
  nextAttemptAt: (r.next_attempt_at as string | null) ?? null,
  lastError: String(r.last_error),
  updatedAt: String(r.updated_at),
});

const runOf = (r: Row): IntakeRun => ({
  id: Number(r.id),
  connectorId: String(r.connector_id),
  startedAt: String(r.started_at),
  finishedAt: (r.finished_at as string | null) ?? null,
  windowStart: (r.window_start as string | null) ?? null,
  windowEnd: (r.window_end as string | null) ?? null,
  counts: JSON.parse(String(r.counts)),
  calls: Number(r.calls),
  errors: JSON.parse(String(r.errors)),
  status: r.status as IntakeRun['status'],
});

/**
 * The intake's durable state in the database (sc_intake_cursor, sc_intake_failure,
 * sc_intake_run), for one app: a pull resumes from the cursor after a crash, failed windows
 * wait for their retry, and the sync log is what the API shows.
 *
 * @example const state = new StoreIntakeState(store.knex, 'ecommerce_oms');
 */
export class StoreIntakeState implements IntakeStateStore {
  constructor(
    private readonly knex: Knex,
    private readonly appId: string,
  ) {}

  private key(connectorId: string) {
    return { app_id: this.appId, connector_id: connectorId };
  }

  async getCursor(connectorId: string): Promise<string | null> {
    const row = await this.knex('sc_intake_cursor').where(this.key(connectorId)).first('watermark');
    return row ? String(row.watermark) : null;
  }

  async setCursor(connectorId: string, watermark: string): Promise<void> {
    await this.knex('sc_intake_cursor')
      .insert({ ...this.key(connectorId), watermark, updated_at: new Date().toISOString() })
      .onConflict(['app_id', 'connector_id'])
      .merge(['watermark', 'updated_at']);
  }

  async recordFailure(connectorId: string, window: TimeWindow, error: string, now: Date, retry: { afterMs: number; maxAttempts: number }, existing?: FailedWindow): Promise<FailedWindow> {
    const next = nextFailure((existing?.attempts ?? 0) + 1, now, retry);
    const row = { attempts: next.attempts, status: next.status, next_attempt_at: next.nextAttemptAt, last_error: error.slice(0, 2000), updated_at: now.toISOString() };
    if (existing) {
      await this.knex('sc_intake_failure').where({ id: existing.id }).update(row);
      return { ...existing, ...next, lastError: row.last_error, updatedAt: row.updated_at };
    }
    const [inserted] = await this.knex('sc_intake_failure')
      .insert({ ...this.key(connectorId), window_start: window.start.toISOString(), window_end: window.end.toISOString(), ...row })
      .returning('id');
    return { id: Number((inserted as { id: unknown }).id), connectorId, start: window.start.toISOString(), end: window.end.toISOString(), ...next, lastError: row.last_error, updatedAt: row.updated_at };
  }

  async resolveFailure(id: number, now: Date): Promise<void> {
    await this.knex('sc_intake_failure').where({ id, app_id: this.appId }).update({ status: 'done', next_attempt_at: null, updated_at: now.toISOString() });
  }

  async dueFailures(connectorId: string, now: Date): Promise<FailedWindow[]> {
    const rows = await this.knex('sc_intake_failure').where({ ...this.key(connectorId), status: 'retry' }).where('next_attempt_at', '<=', now.toISOString()).orderBy('id');
    return rows.map(failureOf);
  }

  async listFailures(connectorId: string, status?: FailedWindow['status']): Promise<FailedWindow[]> {
    const q = this.knex('sc_intake_failure').where(this.key(connectorId)).orderBy('id', 'desc').limit(500);
    if (status) q.where({ status });
    return (await q).map(failureOf);
  }

  async requeueFailure(id: number, now: Date): Promise<FailedWindow | null> {
    const n = await this.knex('sc_intake_failure').where({ id, app_id: this.appId, status: 'dead' }).update({ status: 'retry', next_attempt_at: now.toISOString(), updated_at: now.toISOString() });
    if (!n) return null;
    return failureOf(await this.knex('sc_intake_failure').where({ id }).first());
  }

  async appendRun(run: IntakeRun): Promise<IntakeRun> {
    const [inserted] = await this.knex('sc_intake_run')
      .insert({
        ...this.key(run.connectorId),
        started_at: run.startedAt,
        finished_at: run.finishedAt,
        window_start: run.windowStart,
        window_end: run.windowEnd,
        counts: JSON.stringify(run.counts),
        calls: run.calls,
        // A run against a dead platform could log thousands of errors: the first 200 tell the story.
        errors: JSON.stringify(run.errors.slice(0, 200)),
        status: run.status,
      })
      .returning('id');
    return { ...run, id: Number((inserted as { id: unknown }).id) };
  }

  async listRuns(connectorId: string, limit = 50): Promise<IntakeRun[]> {
    const rows = await this.knex('sc_intake_run').where(this.key(connectorId)).orderBy('id', 'desc').limit(limit);
    return rows.map(runOf);
  }
}
