import type { Problem } from '@statecraft/schema';
import { decide, type Command, type Ctx, type Decision, type Effect, type Step } from '@statecraft/engine';
import { diffRecordData, type AuditEntryInput, type RecordEnvelope, type Store, type StoreTransaction, type WriteMeta } from '@statecraft/store';
import { AppError } from '../app-error.ts';
import type { Actor } from './actor.ts';
import type { LoadedApp } from './app-registry.ts';
import { engineStatus, fromRefusal } from './engine-errors.ts';
import { versionConflict } from './store-errors.ts';
import { enqueueEffect } from './outbox-effects.ts';
import type { DecisionWorker } from './decision-worker.ts';
import { decideWithFacts, type FactSource, type FactSubject, type GivenFacts } from './record-facts.ts';
import { applyStockEffect, isStockEffect, stockShortError, type StockEffectReport, type StockFollowUp } from './stock-effects.ts';

/** What a successful command answers: the record as written, and what the engine decided. */
export interface CommandResult {
  record: RecordEnvelope;
  steps: Step[];
  firedRules: string[];
  effects: (Effect & { outboxId?: number; alertId?: number; recordId?: number; stock?: StockEffectReport })[];
}

/** Test seam: runs inside the transaction after the record, audit and effects are written. */
export type BeforeCommitHook = (info: { kind: Command['kind']; entity: string; recordId: number }) => void | Promise<void>;

export interface CommandRunnerOptions {
  store: Store;
  now: () => Date;
  beforeCommit?: BeforeCommitHook;
  /** Where the facts rules read come from (`$facts`); without one, fact operators see none. */
  facts?: FactSource;
  /** Test seam: facts to use as they are (the HTTP scenario replay hands over a step's facts). */
  givenFacts?: GivenFacts;
  /** Where big batches of new records are decided (see `createMany`); without one, here. */
  decisions?: DecisionWorker;
}

type Accepted = Extract<Decision, { ok: true }>;
type Refused = Extract<Decision, { ok: false }>;

/** One item of `writeBatch`: a new record (`existing: null`) or a known one, the events its source reported, and for a known one the fields to update. */
export interface BatchItem {
  existing: RecordEnvelope | null;
  data: Record<string, unknown>;
  events: string[];
  patch?: Record<string, unknown>;
}

/** What became of one batch item: the record as written, or the refusal; events the workflow did not take. */
export interface BatchOutcome {
  ok: boolean;
  record: RecordEnvelope | null;
  skippedEvents: string[];
  error: unknown;
}

// A create_record effect may itself create records; a definition looping on itself stops here.
const MAX_CREATE_DEPTH = 5;

/**
 * A batch's statements run synchronously (SQLite) and its promises resolve at once, so a batch of
 * hundreds would hold the event loop for its whole length: every this many items it lets the
 * loop run, so requests, timers and an intake's next page (read while the batch is written) are
 * not kept waiting. On SQLite the connection stays the batch's meanwhile.
 */
const YIELD_EVERY = 25;

/** Batches of new records at least this big are decided on the decision thread: below, the trip there costs more than it saves. */
const THREAD_MIN_ROWS = 200;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs commands the one way every caller (HTTP routes, the installer, bulk routes) runs them:
 * load → `decide()` (pure) → one transaction (record with version check, audit row, alerts,
 * holds, created records, outbox rows) → commit.
 */
export class CommandRunner {
  constructor(private readonly options: CommandRunnerOptions) {}

  private ctx(actor: Actor, app: LoadedApp, now: string): Ctx {
    return { now, actor: { id: actor.id, roles: actor.roles, superuser: actor.roles.some((r) => app.superuserRoles.has(r)) } };
  }

  /** Decides a command, computing the facts its rules read (when a fact source is configured). */
  private async decideCommand(app: LoadedApp, command: Command, ctx: Ctx, subject: FactSubject, source: FactSource | undefined = this.options.facts) {
    return source ? await decideWithFacts(app, command, ctx, subject, source, this.options.givenFacts) : decide(app.compiled, command, ctx);
  }

  private async decideOrThrow(app: LoadedApp, command: Command, ctx: Ctx, subject: FactSubject): Promise<Accepted> {
    const decision = await this.decideCommand(app, command, ctx, subject);
    if (!decision.ok) throw fromRefusal(decision);
    return decision;
  }

  /** Creates a record. */
  async create(app: LoadedApp, actor: Actor, entity: string, data: Record<string, unknown>): Promise<CommandResult> {
    const now = this.options.now().toISOString();
    const ctx = this.ctx(actor, app, now);
    const decision = await this.decideOrThrow(app, { kind: 'create', entity, data }, ctx, { entity, id: null, data });
    return this.options.store.transaction(async (tx) => {
      const result = await this.insertDecided(tx, app, ctx, entity, decision, 0);
      await this.options.beforeCommit?.({ kind: 'create', entity, recordId: result.record.id });
      return result;
    });
  }

  /**
   * Creates many records of one entity, all or nothing. Every row is decided first as `create`
   * decides one (checks, defaults, computed fields, initial state, automatic transitions, the
   * `created` rules, with facts only when such a rule reads them); any refused row refuses the lot
   * (RECORD_BATCH_INVALID with a problem per row under `/rows/<i>`, or the refusal itself when it
   * is not about a row's data, such as the actor's roles). Then one transaction: the rows whose
   * decision is a plain insert (no effects, no hold) go in with `insertMany` and their audit rows
   * with `appendMany`; the others take the one-by-one path with their effects and follow-ups.
   * Each stored record, line and audit row is what `create` would store for that row.
   * Resolves with the new ids in input order.
   *
   * A batch of {@link THREAD_MIN_ROWS} rows or more is decided on the decision thread (see
   * decision-worker.ts) in chunks, each chunk written as soon as it is decided while the thread
   * decides the next: the same decisions, the same one transaction, the same refusals (all rows
   * are decided even when one is refused, and refusals win over a failed write), but the
   * deciding no longer adds to the writing.
   *
   * @example const ids = await commands.createMany(app, actor, 'order', [{ order_no: 'TB-1', lines: [] }, { order_no: 'TB-2', lines: [] }])
   */
  async createMany(app: LoadedApp, actor: Actor, entity: string, rows: Record<string, unknown>[]): Promise<number[]> {
    const now = this.options.now().toISOString();
    const ctx = this.ctx(actor, app, now);
    const meta: WriteMeta = { actor: ctx.actor.id, now, defVersion: app.version };
    const thread = this.options.decisions;
    if (thread && rows.length >= THREAD_MIN_ROWS && !this.options.givenFacts) {
      // Decided on the decision thread, chunk by chunk, while the chunks already decided are
      // written: all in one transaction, so a refused row (found late) still refuses the lot.
      const chunks = thread.decideCreates(app, ctx, entity, rows);
      return this.options.store.transaction(async (tx) => {
        const ids: number[] = new Array(rows.length);
        const refusals: { row: number; refusal: Refused }[] = [];
        // A write that fails (a duplicate order no.) waits for the rest to be decided: refused
        // rows are reported first, as when every row is decided before anything is written.
        let writeError: unknown = null;
        let offset = 0;
        for (const chunk of chunks) {
          const decided = await chunk;
          const decisions: Accepted[] = [];
          for (let k = 0; k < decided.length; k++) {
            const i = offset + k;
            const data = rows[i]!;
            // null: its rules read facts, which are here.
            const decision = decided[k] ?? (await this.decideCommand(app, { kind: 'create', entity, data }, ctx, { entity, id: null, data }));
            if (decision.ok) decisions.push(decision);
            else refusals.push({ row: i, refusal: decision });
          }
          if (refusals.length === 0 && writeError === null) {
            try {
              await this.writeCreated(tx, app, ctx, entity, decisions, meta, ids, offset);
            } catch (err) {
              writeError = err;
            }
          }
          offset += decided.length;
        }
        if (refusals.length > 0) throw batchRefusal(refusals, rows.length);
        if (writeError !== null) throw writeError;
        if (this.options.beforeCommit) for (const recordId of ids) await this.options.beforeCommit({ kind: 'create', entity, recordId });
        return ids;
      });
    }
    const decisions: Accepted[] = [];
    const refusals: { row: number; refusal: Refused }[] = [];
    for (let i = 0; i < rows.length; i++) {
      const data = rows[i]!;
      const command: Command = { kind: 'create', entity, data };
      const decision = await this.decideCommand(app, command, ctx, { entity, id: null, data });
      if (decision.ok) decisions.push(decision);
      else refusals.push({ row: i, refusal: decision });
    }
    if (refusals.length > 0) throw batchRefusal(refusals, rows.length);
    return this.options.store.transaction(async (tx) => {
      const ids: number[] = new Array(rows.length);
      await this.writeCreated(tx, app, ctx, entity, decisions, meta, ids, 0);
      if (this.options.beforeCommit) for (const recordId of ids) await this.options.beforeCommit({ kind: 'create', entity, recordId });
      return ids;
    });
  }

  /**
   * Writes accepted create decisions (rows `offset`, `offset + 1` … of a batch) and puts their
   * ids in `ids`: the plain ones (no effects, no hold) with `insertMany` and their audit rows with
   * `appendMany`, the others one by one with their effects and follow-ups.
   */
  private async writeCreated(tx: StoreTransaction, app: LoadedApp, ctx: Ctx, entity: string, decisions: Accepted[], meta: WriteMeta, ids: number[], offset: number): Promise<void> {
    const plain: number[] = [];
    const involved: number[] = [];
    decisions.forEach((d, i) => (d.effects.length === 0 && d.hold === null ? plain : involved).push(i));
    const written = await tx.records.insertMany(entity, plain.map((i) => decisions[i]!.data), meta);
    plain.forEach((i, k) => (ids[offset + i] = written[k]!));
    await tx.audit.appendMany(tx, plain.map((i) => createAudit(app, ctx, entity, ids[offset + i]!, decisions[i]!, 1)));
    for (const i of involved) ids[offset + i] = (await this.insertDecided(tx, app, ctx, entity, decisions[i]!, 0)).record.id;
  }

  /** Patches a record at `version`. */
  async update(app: LoadedApp, actor: Actor, entity: string, id: number, version: number, patch: Record<string, unknown>): Promise<CommandResult> {
    const record = await this.load(entity, id, version);
    return this.change(app, actor, record, { kind: 'update', entity, record, patch }, 'update');
  }

  /** Fires a transition by hand. */
  async transition(app: LoadedApp, actor: Actor, entity: string, id: number, version: number, transition: string): Promise<CommandResult> {
    const record = await this.load(entity, id, version);
    return this.change(app, actor, record, { kind: 'transition', entity, record, transition }, 'transition');
  }

  /** Delivers an event; without `version` it applies to whatever version is current. */
  async event(app: LoadedApp, actor: Actor, entity: string, id: number, version: number | undefined, event: string): Promise<CommandResult> {
    const record = await this.load(entity, id, version);
    return this.change(app, actor, record, { kind: 'event', entity, record, event }, 'event');
  }

  /** Deletes a record at `version` (entity permission checked by the route). */
  async delete(app: LoadedApp, actor: Actor, entity: string, id: number, version: number): Promise<void> {
    const record = await this.load(entity, id, version);
    const now = this.options.now().toISOString();
    await this.options.store.transaction(async (tx) => {
      await tx.records.delete(entity, id, version);
      await tx.audit.append(tx, {
        entity,
        recordId: id,
        action: 'delete',
        actor: actor.id,
        at: now,
        before: record.data,
        after: null,
        details: { command: 'delete', version: { from: record.version, to: null } },
        defVersion: app.version,
      });
      await this.options.beforeCommit?.({ kind: 'update', entity, recordId: id });
    });
  }

  /**
   * Writes many intake items in one transaction, each through the engine as the API would:
   * a new record is created (`existing: null`), then each of its `events` is delivered, then (for a
   * known record) `patch` is applied as an update. Every decision is taken before the transaction,
   * with the facts its rules read; inside it each event is decided again on the record as written
   * so far, with those facts. An event the workflow does not take in the record's state (a channel
   * says signed while the order is still under review) is skipped and reported; a refused create
   * or update refuses its item, or the whole batch when `atomic` (file imports).
   *
   * @example await commands.writeBatch(app, systemActor, 'order', [{ existing: null, data, events: ['channel.paid'] }])
   */
  async writeBatch(app: LoadedApp, actor: Actor, entity: string, items: BatchItem[], options: { atomic?: boolean } = {}): Promise<BatchOutcome[]> {
    const now = this.options.now().toISOString();
    const ctx = this.ctx(actor, app, now);
    const outcomes: BatchOutcome[] = items.map(() => ({ ok: false, record: null, skippedEvents: [], error: null }));
    const planned: { index: number; create: Accepted | null; facts: Record<string, unknown> }[] = [];
    // One source for the batch: a district's orders and a SKU's stock are read once, and each new
    // order is compared with those before it in the batch.
    const batch = this.options.facts?.batch?.();
    const batchFacts = batch ?? this.options.facts;
    for (const [index, item] of items.entries()) {
      if (index > 0 && index % YIELD_EVERY === 0) await yieldToEventLoop();
      const facts: Record<string, unknown> = {};
      const source: FactSource | undefined = batchFacts
        ? { compute: async (...args) => Object.assign(facts, await batchFacts.compute(...args)) }
        : undefined;
      const decideCaught = (command: Command, subject: FactSubject) => this.decideCommand(app, command, ctx, subject, source);
      try {
        let create: Accepted | null = null;
        let current: RecordEnvelope | null = item.existing;
        if (!current) {
          const decision = await decideCaught({ kind: 'create', entity, data: item.data }, { entity, id: null, data: item.data });
          if (!decision.ok) throw fromRefusal(decision);
          create = decision;
          current = { id: 0, entity, version: 1, defVersion: app.version, createdAt: now, updatedAt: now, createdBy: actor.id, updatedBy: actor.id, hold: decision.hold, data: decision.data };
        }
        // Only to learn which facts the events' rules read: the writes decide again in the transaction.
        for (const event of item.events) {
          const decision = await decideCaught({ kind: 'event', entity, record: current, event }, { entity, id: current.id || null, data: current.data });
          if (decision.ok) current = { ...current, data: decision.data, hold: decision.hold };
        }
        if (item.existing && item.patch) {
          const decision = await decideCaught({ kind: 'update', entity, record: current, patch: item.patch }, { entity, id: current.id, data: { ...current.data, ...item.patch } });
          if (!decision.ok) throw fromRefusal(decision);
        }
        if (create) batch?.remember(app, { entity, id: null, data: current.data }, now);
        planned.push({ index, create, facts });
      } catch (err) {
        if (options.atomic) throw err;
        outcomes[index]!.error = err;
      }
    }
    if (planned.length === 0) return outcomes;
    await this.options.store.transaction(async (tx) => {
      for (const [n, { index, create, facts }] of planned.entries()) {
        if (n > 0 && n % YIELD_EVERY === 0) await yieldToEventLoop();
        const item = items[index]!;
        const outcome = outcomes[index]!;
        const factCtx: Ctx = { ...ctx, facts };
        let record = create ? (await this.insertDecided(tx, app, factCtx, entity, create, 0)).record : item.existing!;
        for (const event of item.events) {
          const command: Command = { kind: 'event', entity, record, event };
          const decision = decide(app.compiled, command, factCtx);
          if (!decision.ok) {
            outcome.skippedEvents.push(event);
            continue;
          }
          record = (await this.applyChange(tx, app, factCtx, record, command, decision, 'event')).record;
        }
        if (item.existing && item.patch) {
          const command: Command = { kind: 'update', entity, record, patch: item.patch };
          const decision = decide(app.compiled, command, factCtx);
          if (!decision.ok) throw fromRefusal(decision);
          record = (await this.applyChange(tx, app, factCtx, record, command, decision, 'update')).record;
        }
        Object.assign(outcome, { ok: true, record });
        await this.options.beforeCommit?.({ kind: create ? 'create' : 'update', entity, recordId: record.id });
      }
    });
    return outcomes;
  }

  private async load(entity: string, id: number, version: number | undefined): Promise<RecordEnvelope> {
    const record = await this.options.store.records.get(entity, id);
    if (version !== undefined && record.version !== version) {
      throw versionConflict(
        `${entity} ${id} was changed by someone else: you sent version ${version}, it is now at version ${record.version}.`,
        { entity, id, expectedVersion: version, currentVersion: record.version },
      );
    }
    return record;
  }

  private async change(app: LoadedApp, actor: Actor, record: RecordEnvelope, command: Command, action: 'update' | 'transition' | 'event'): Promise<CommandResult> {
    const now = this.options.now().toISOString();
    const ctx = this.ctx(actor, app, now);
    const subject = { entity: record.entity, id: record.id, data: command.kind === 'update' ? { ...record.data, ...command.patch } : record.data };
    const decision = await this.decideOrThrow(app, command, ctx, subject);
    return this.options.store.transaction(async (tx) => {
      const result = await this.applyChange(tx, app, ctx, record, command, decision, action);
      await this.options.beforeCommit?.({ kind: command.kind, entity: record.entity, recordId: record.id });
      return result;
    });
  }

  /** Writes an accepted update, transition or event in the caller's transaction. */
  private async applyChange(tx: StoreTransaction, app: LoadedApp, ctx: Ctx, record: RecordEnvelope, command: Command, decision: Accepted, action: 'update' | 'transition' | 'event'): Promise<CommandResult> {
    const { entity } = record;
    const { now } = ctx;
    const diff = diffRecordData(record.data, decision.data);
    const holdChanged = JSON.stringify(decision.hold) !== JSON.stringify(record.hold);
    const meta: WriteMeta = { actor: ctx.actor.id, now, defVersion: app.version };
    // Only what changed is written; the version check makes a concurrent write fail here.
    const written = await tx.records.update(entity, record.id, record.version, diff.after, meta, holdChanged ? { hold: decision.hold, previous: record } : { previous: record });
    await tx.audit.append(tx, {
      entity,
      recordId: record.id,
      action,
      transition: command.kind === 'transition' ? command.transition : (decision.steps[0]?.transition ?? null),
      actor: ctx.actor.id,
      at: now,
      before: diff.before,
      after: diff.after,
      details: auditDetails(command, decision, record.version, written.version, holdChanged),
      defVersion: app.version,
    });
    const followUps: StockFollowUp[] = [];
    const effects = await this.applyEffects(tx, app, ctx, written, decision.effects, 0, followUps);
    return this.followUp(tx, app, ctx, { record: written, steps: decision.steps, firedRules: decision.firedRules, effects }, followUps);
  }

  private async insertDecided(tx: StoreTransaction, app: LoadedApp, ctx: Ctx, entity: string, decision: Accepted, depth: number): Promise<CommandResult> {
    const meta: WriteMeta = { actor: ctx.actor.id, now: ctx.now, defVersion: app.version };
    let record = await tx.records.insert(entity, decision.data, meta);
    if (decision.hold) record = await tx.records.update(entity, record.id, record.version, {}, meta, { hold: decision.hold });
    await tx.audit.append(tx, createAudit(app, ctx, entity, record.id, decision, record.version));
    const followUps: StockFollowUp[] = [];
    const effects = await this.applyEffects(tx, app, ctx, record, decision.effects, depth, followUps);
    return this.followUp(tx, app, ctx, { record, steps: decision.steps, firedRules: decision.firedRules, effects }, followUps);
  }

  /**
   * What stock effects ask of the record afterwards, in the same transaction: a short reservation
   * fires its short event (the order goes out of stock, with the shortage as facts), a presale
   * reservation writes the presale flag and ship date. Steps and effects add to the answer.
   */
  private async followUp(tx: StoreTransaction, app: LoadedApp, ctx: Ctx, result: CommandResult, followUps: StockFollowUp[]): Promise<CommandResult> {
    for (const next of followUps) {
      const current = result.record;
      const meta: WriteMeta = { actor: ctx.actor.id, now: ctx.now, defVersion: app.version };
      if (next.kind === 'patch') {
        const written = await tx.records.update(current.entity, current.id, current.version, next.data, meta, { previous: current });
        const diff = diffRecordData(current.data, written.data);
        await tx.audit.append(tx, {
          entity: current.entity,
          recordId: current.id,
          action: 'update',
          actor: ctx.actor.id,
          at: ctx.now,
          before: diff.before,
          after: diff.after,
          details: { command: 'stock', reason: next.reason, version: { from: current.version, to: written.version } },
          defVersion: app.version,
        });
        result = { ...result, record: written };
        continue;
      }
      // The stock check is the system's, whoever paid: the event runs with superuser rights.
      const systemCtx: Ctx = { ...ctx, actor: { ...ctx.actor, superuser: true }, facts: next.facts };
      const command: Command = { kind: 'event', entity: current.entity, record: current, event: next.event };
      const decision = decide(app.compiled, command, systemCtx);
      // Nothing listens (or may move now): refuse the whole command rather than leave it paid but unreserved.
      if (!decision.ok) throw stockShortError(current, next.facts.stock_short);
      const diff = diffRecordData(current.data, decision.data);
      const holdChanged = JSON.stringify(decision.hold) !== JSON.stringify(current.hold);
      const written = await tx.records.update(current.entity, current.id, current.version, diff.after, meta, holdChanged ? { hold: decision.hold, previous: current } : { previous: current });
      await tx.audit.append(tx, {
        entity: current.entity,
        recordId: current.id,
        action: 'event',
        transition: decision.steps[0]?.transition ?? null,
        actor: ctx.actor.id,
        at: ctx.now,
        before: diff.before,
        after: diff.after,
        details: { ...auditDetails(command, decision, current.version, written.version, holdChanged), stockShort: next.facts.stock_short },
        defVersion: app.version,
      });
      const more: StockFollowUp[] = [];
      const effects = await this.applyEffects(tx, app, systemCtx, written, decision.effects, 0, more);
      await tx.stock.recordShortage(tx, { entity: current.entity, recordId: current.id, short: next.facts.stock_short, now: ctx.now });
      result = await this.followUp(
        tx,
        app,
        systemCtx,
        { record: written, steps: [...result.steps, ...decision.steps], firedRules: [...result.firedRules, ...decision.firedRules], effects: [...result.effects, ...effects] },
        // A short event that reserves again and is short again would loop: one round only.
        more.filter((f) => f.kind === 'patch'),
      );
    }
    return result;
  }

  /** Writes each effect inside the transaction; holds and releases are already in the record's write. */
  private async applyEffects(
    tx: StoreTransaction,
    app: LoadedApp,
    ctx: Ctx,
    record: RecordEnvelope,
    effects: Effect[],
    depth: number,
    followUps: StockFollowUp[] = [],
  ): Promise<CommandResult['effects']> {
    const out: CommandResult['effects'] = [];
    for (const [index, effect] of effects.entries()) {
      if (isStockEffect(effect)) {
        const { report, followUp } = await applyStockEffect(tx, effect, record, { now: ctx.now, actor: ctx.actor.id });
        out.push({ ...effect, stock: report });
        if (followUp) followUps.push(followUp);
        continue;
      }
      switch (effect.type) {
        case 'raise_alert': {
          const alert = await tx.alerts.create(tx, {
            entity: record.entity,
            recordId: record.id,
            ruleId: effect.source.kind === 'rule' ? effect.source.id : null,
            code: effect.code,
            severity: effect.severity,
            message: effect.message,
            now: ctx.now,
          });
          out.push({ ...effect, alertId: alert.id });
          break;
        }
        case 'create_record': {
          if (depth >= MAX_CREATE_DEPTH) {
            throw new AppError('RECORD_CREATE_TOO_DEEP', 422, `create_record actions nested more than ${MAX_CREATE_DEPTH} levels deep (at ${effect.entity}).`, {
              hint: 'A rule or transition creates records that create records again: break the loop with a condition.',
            });
          }
          // The definition authorised this creation: it runs with the actor's name but superuser rights.
          const systemCtx: Ctx = { ...ctx, actor: { ...ctx.actor, superuser: true } };
          const decision = decide(app.compiled, { kind: 'create', entity: effect.entity, data: effect.values }, systemCtx);
          if (!decision.ok) throw fromRefusal(decision);
          const created = await this.insertDecided(tx, app, systemCtx, effect.entity, decision, depth + 1);
          out.push({ ...effect, recordId: created.record.id });
          break;
        }
        case 'http_request':
        case 'notify': {
          const outboxId = await enqueueEffect(tx, effect, { app: app.id, record, index, now: ctx.now });
          out.push({ ...effect, outboxId });
          break;
        }
        default:
          out.push(effect);
      }
    }
    return out;
  }
}

/**
 * The audit row of a creation: the record as decided, its empty (null) fields left out — a new
 * record has no "before", so they say nothing, and they are most of a new order's fields. The
 * same whether the record was created alone or in a batch (no ids the store gave the lines).
 */
function createAudit(app: LoadedApp, ctx: Ctx, entity: string, recordId: number, decision: Accepted, version: number): AuditEntryInput {
  return {
    entity,
    recordId,
    action: 'create',
    actor: ctx.actor.id,
    at: ctx.now,
    before: null,
    after: withoutNulls(decision.data),
    details: auditDetails({ kind: 'create', entity, data: {} }, decision, 0, version, decision.hold !== null),
    defVersion: app.version,
  };
}

/**
 * The data for the audit row's JSON with its null fields left out: they become undefined, which
 * JSON.stringify leaves out, on a copy of the data (a copy keeps the record's fast object layout;
 * an object that gets twenty-odd keys one by one becomes a slow dictionary, a third of the cost
 * of a batched creation's audit rows).
 */
function withoutNulls(data: Record<string, unknown>): Record<string, unknown> {
  // A spread copies an own "__proto__" key (data written under an older version) as a plain key.
  const out = { ...data };
  for (const key in out) if (out[key] === null) out[key] = undefined;
  return out;
}

/** A batch with refused rows: a roles-or-entity refusal as it is (it is the same for every row), data problems per row. */
function batchRefusal(refusals: { row: number; refusal: Refused }[], total: number): AppError {
  const batchWide = refusals.find((r) => engineStatus(r.refusal.error.code) !== 422);
  if (batchWide) return fromRefusal(batchWide.refusal);
  const problems: Problem[] = refusals.flatMap(({ row, refusal }) =>
    refusal.problems?.length
      ? refusal.problems.map((p) => ({ ...p, path: `/rows/${row}${p.path.replace(/^\/data(?=\/|$)/, '')}` }))
      : [{ path: `/rows/${row}`, code: refusal.error.code, message: refusal.error.message, ...(refusal.error.hint ? { hint: refusal.error.hint } : {}), severity: 'error' as const }],
  );
  return new AppError('RECORD_BATCH_INVALID', 422, `${refusals.length} of ${total} rows were refused (first: row ${refusals[0]!.row}, ${refusals[0]!.refusal.error.message}); nothing was created.`, {
    hint: 'Fix the rows listed in problems (path /rows/<index>/<field>) and send the whole batch again.',
    problems,
    details: { rows: refusals.map(({ row, refusal }) => ({ row, code: refusal.error.code, message: refusal.error.message })) },
  });
}

function auditDetails(command: Command, decision: Accepted, fromVersion: number, toVersion: number, holdChanged: boolean) {
  return {
    command: command.kind,
    ...(command.kind === 'event' ? { event: command.event } : {}),
    version: { from: fromVersion, to: toVersion },
    steps: decision.steps,
    firedRules: decision.firedRules,
    effects: decision.effects.map((e) => ({ type: e.type, source: e.source })),
    ...(holdChanged ? { hold: decision.hold } : {}),
  };
}
