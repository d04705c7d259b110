import type { Command, Effect, Step } from '@statecraft/engine';
import type { AppDefinition, Problem } from '@statecraft/schema';
import { loadApp } from './app-registry.ts';
import { decideWithFacts, type FactSource } from './record-facts.ts';
import type { RecordEnvelope } from '@statecraft/engine';

/** What the designer asks to try against a draft. */
export type TryCommand =
  | { kind: 'create' }
  | { kind: 'update'; patch: Record<string, unknown> }
  | { kind: 'transition'; transition: string }
  | { kind: 'event'; event: string };

export interface DryRunInput {
  definition: AppDefinition;
  entity: string;
  /** The sample record (for create: its data is the new record's data). */
  record: RecordEnvelope;
  command: TryCommand;
  actor: { id: string; roles: string[]; superuser: boolean };
  now: string;
  facts: FactSource;
}

/** The outcome of a dry run: what would happen, nothing written. */
export type DryRunResult =
  | {
      ok: true;
      stateBefore: string | null;
      stateAfter: string | null;
      data: Record<string, unknown>;
      /** Fields whose value the command would change. */
      changed: string[];
      steps: Step[];
      effects: Effect[];
      firedRules: { id: string; label: unknown; severity: string }[];
    }
  | { ok: false; stateBefore: string | null; error: { code: string; message: string; hint?: string }; problems?: Problem[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Decides a command against a (draft) definition with the engine, exactly as the server would
 * (facts included, read from the database) — but writes nothing: no record, audit, alert or
 * outbox row. The definition must be free of errors (the caller checks).
 *
 * @example
 * const r = await dryRun({ definition: draft, entity: 'order', record, command: { kind: 'transition', transition: 'approve' }, actor, now, facts });
 * r.ok && r.stateAfter // 're_check'
 */
export async function dryRun(input: DryRunInput): Promise<DryRunResult> {
  const loaded = loadApp(input.definition, 0);
  const stateField = loaded.stateFields.get(input.entity);
  const stateBefore = input.command.kind === 'create' ? null : stateField ? ((input.record.data[stateField] as string | undefined) ?? null) : null;
  const { record, entity } = input;
  const command: Command =
    input.command.kind === 'create'
      ? { kind: 'create', entity, data: record.data }
      : input.command.kind === 'update'
        ? { kind: 'update', entity, record, patch: input.command.patch }
        : input.command.kind === 'transition'
          ? { kind: 'transition', entity, record, transition: input.command.transition }
          : { kind: 'event', entity, record, event: input.command.event };
  const subject = { entity, id: input.command.kind === 'create' ? null : record.id, data: record.data };
  const decision = await decideWithFacts(loaded, command, { now: input.now, actor: input.actor }, subject, input.facts);
  if (!decision.ok) {
    return { ok: false, stateBefore, error: decision.error, ...(decision.problems ? { problems: decision.problems } : {}) };
  }
  const before = input.command.kind === 'create' ? {} : record.data;
  const changed = Object.keys(decision.data).filter((k) => !same(before[k] ?? null, decision.data[k] ?? null));
  const rules = new Map((input.definition.rules ?? []).map((r) => [r.id, r]));
  return {
    ok: true,
    stateBefore,
    stateAfter: stateField ? ((decision.data[stateField] as string | undefined) ?? null) : null,
    data: decision.data,
    changed,
    steps: decision.steps,
    effects: decision.effects,
    firedRules: decision.firedRules.map((id) => ({ id, label: rules.get(id)?.label ?? null, severity: rules.get(id)?.severity ?? 'info' })),
  };
}
