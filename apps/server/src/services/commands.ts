import { decide, type Command, type Ctx, type Decision, type Effect, type Step } from '@statecraft/engine';
import { diffRecordData, type RecordEnvelope, type Store, type StoreTransaction, type WriteMeta } from '@statecraft/store';
import { AppError } from '../app-error.ts';
import type { Actor } from './actor.ts';
import type { LoadedApp } from './app-registry.ts';
import { fromRefusal } from './engine-errors.ts';
import { versionConflict } from './store-errors.ts';
import { enqueueEffect } from './outbox-effects.ts';

/** What a successful command answers: the record as written, and what the engine decided. */
export interface CommandResult {
  record: RecordEnvelope;
  steps: Step[];
  firedRules: string[];
  effects: (Effect & { outboxId?: number; alertId?: number; recordId?: number })[];
}

/** Test seam: runs inside the transaction after the record, audit and effects are written. */
export type BeforeCommitHook = (info: { kind: Command['kind']; entity: string; recordId: number }) => void | Promise<void>;

export interface CommandRunnerOptions {
  store: Store;
  now: () => Date;
  beforeCommit?: BeforeCommitHook;
}

type Accepted = Extract<Decision, { ok: true }>;

// A create_record effect may itself create records; a definition looping on itself stops here.
const MAX_CREATE_DEPTH = 5;

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

  private decideOrThrow(app: LoadedApp, command: Command, ctx: Ctx): Accepted {
    const decision = decide(app.compiled, command, ctx);
    if (!decision.ok) throw fromRefusal(decision);
    return decision;
  }

  /** Creates a record. */
  async create(app: LoadedApp, actor: Actor, entity: string, data: Record<string, unknown>): Promise<CommandResult> {
    const now = this.options.now().toISOString();
    const ctx = this.ctx(actor, app, now);
    const decision = this.decideOrThrow(app, { kind: 'create', entity, data }, ctx);
    return this.options.store.transaction(async (tx) => {
      const result = await this.insertDecided(tx, app, ctx, entity, decision, 0);
      await this.options.beforeCommit?.({ kind: 'create', entity, recordId: result.record.id });
      return result;
    });
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
    const decision = this.decideOrThrow(app, command, ctx);
    const { entity } = record;
    const diff = diffRecordData(record.data, decision.data);
    const holdChanged = JSON.stringify(decision.hold) !== JSON.stringify(record.hold);
    const meta: WriteMeta = { actor: actor.id, now, defVersion: app.version };
    return this.options.store.transaction(async (tx) => {
      // Only what changed is written; the version check makes a concurrent write fail here.
      const written = await tx.records.update(entity, record.id, record.version, diff.after, meta, holdChanged ? { hold: decision.hold } : {});
      await tx.audit.append(tx, {
        entity,
        recordId: record.id,
        action,
        transition: command.kind === 'transition' ? command.transition : (decision.steps[0]?.transition ?? null),
        actor: actor.id,
        at: now,
        before: diff.before,
        after: diff.after,
        details: auditDetails(command, decision, record.version, written.version, holdChanged),
        defVersion: app.version,
      });
      const effects = await this.applyEffects(tx, app, ctx, written, decision.effects, 0);
      await this.options.beforeCommit?.({ kind: command.kind, entity, recordId: record.id });
      return { record: written, steps: decision.steps, firedRules: decision.firedRules, effects };
    });
  }

  private async insertDecided(tx: StoreTransaction, app: LoadedApp, ctx: Ctx, entity: string, decision: Accepted, depth: number): Promise<CommandResult> {
    const meta: WriteMeta = { actor: ctx.actor.id, now: ctx.now, defVersion: app.version };
    let record = await tx.records.insert(entity, decision.data, meta);
    if (decision.hold) record = await tx.records.update(entity, record.id, record.version, {}, meta, { hold: decision.hold });
    await tx.audit.append(tx, {
      entity,
      recordId: record.id,
      action: 'create',
      actor: ctx.actor.id,
      at: ctx.now,
      before: null,
      after: record.data,
      details: auditDetails({ kind: 'create', entity, data: {} }, decision, 0, record.version, decision.hold !== null),
      defVersion: app.version,
    });
    const effects = await this.applyEffects(tx, app, ctx, record, decision.effects, depth);
    return { record, steps: decision.steps, firedRules: decision.firedRules, effects };
  }

  /** Writes each effect inside the transaction; holds and releases are already in the record's write. */
  private async applyEffects(tx: StoreTransaction, app: LoadedApp, ctx: Ctx, record: RecordEnvelope, effects: Effect[], depth: number): Promise<CommandResult['effects']> {
    const out: CommandResult['effects'] = [];
    for (const [index, effect] of effects.entries()) {
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
