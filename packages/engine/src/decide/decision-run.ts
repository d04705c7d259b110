import type { I18NText, Problem } from '@statecraft/schema';
import type { ActionContext, CompiledAction } from '../actions/action-handler.ts';
import type { Effect, EffectSource, EmittedEffect } from '../actions/effect.ts';
import { actionHandlers } from '../actions/registry.ts';
import { renderMessage, type Language } from '../actions/render-message.ts';
import type { CompiledApp, CompiledEntity, CompiledRule, CompiledTransition, CompiledWorkflow } from '../compile/compiled-app.ts';
import { truthy, type Evaluate } from '../logic/evaluator.ts';
import { readVar } from '../logic/var-path.ts';
import type { RecordData, RecordHold } from '../record.ts';
import { DecisionRefused, refuse } from './engine-error.ts';
import { blankRecord, blankScope } from './record-shape.ts';
import type { Ctx, Decision, Step } from './types.ts';

/** Why a transition cannot fire right now (roles are checked by the caller: they depend on who asks). */
export type Blocked = 'state' | 'hold' | 'guard';

/** The record a decision starts from: an existing one, or `id: null` for a create. */
export interface RunRecord {
  id: number | null;
  version: number;
  hold: RecordHold | null;
}

/**
 * One decision in progress: the record's data as the evaluation scope (fields plus `$now`,
 * `$actor`, `$record`, `$facts`), the steps taken, the effects emitted and the hold. Actions
 * act on it through {@link ActionContext}. Short-lived: one per `decide` call.
 */
export class DecisionRun implements ActionContext {
  /** The record's data plus the `$` context: what every expression of this decision sees. */
  readonly scope: RecordData;
  readonly steps: Step[] = [];
  readonly effects: Effect[] = [];
  readonly firedRules: string[] = [];
  holdState: RecordHold | null;
  readonly #workflow: CompiledWorkflow | undefined;
  readonly #changed = new Set<string>();
  readonly #pending: string[] = [];
  #source: EffectSource = { kind: 'transition', id: '' };
  #automaticSteps = 0;
  #dirty = false;
  #extraKeys = false;

  constructor(
    readonly app: CompiledApp,
    readonly entity: CompiledEntity,
    readonly ctx: Ctx,
    data: RecordData,
    readonly record: RunRecord,
    /** True when `data` has no keys but the entity's record keys (a new record's, from prepareCreate): nothing else to look for. */
    onlyRecordKeys = false,
  ) {
    this.#workflow = entity.workflow;
    this.holdState = record.hold;
    // The record's keys in the entity's fixed order, then the context: every scope of an entity
    // gets the same hidden class (a fast one: see blankRecord), which keeps property reads and the
    // final copy fast.
    const scope = blankScope(entity);
    for (const key of entity.recordKeys) scope[key] = data[key] === undefined ? null : data[key];
    // Keys the entity does not declare (data written under an older version) are kept as they
    // are; defineProperty so that even an own "__proto__" key stays a plain key.
    for (const key in onlyRecordKeys ? {} : data) {
      if (!Object.hasOwn(data, key) || Object.hasOwn(scope, key)) continue;
      Object.defineProperty(scope, key, { value: data[key], enumerable: true, writable: true, configurable: true });
      this.#extraKeys = true;
    }
    this.scope = scope;
    this.scope.$now = ctx.now;
    this.scope.$actor = { id: ctx.actor.id, roles: ctx.actor.roles };
    this.scope.$facts = ctx.facts ?? {};
    this.scope.$record = { id: record.id, version: record.version, hold: record.hold };
  }

  /** The record's current state id ('' without a workflow). */
  get state(): string {
    return this.#workflow ? (this.scope[this.#workflow.stateField] as string) : '';
  }

  // ---- ActionContext ------------------------------------------------------------------------

  evaluate(expression: Evaluate, where: string): unknown {
    return this.#evaluateIn(expression, this.scope, where);
  }

  #evaluateIn(expression: Evaluate, data: unknown, where: string): unknown {
    try {
      return expression(data);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new DecisionRefused(
        refuse(
          'ENGINE_EXPRESSION_FAILED',
          `The expression at ${where} failed: ${reason}`,
          `定义中 ${where} 处的表达式计算出错：${reason}`,
          'Fix the expression in the definition (check the types it works on) and publish again.',
        ),
      );
    }
  }

  setField(field: string, value: unknown): void {
    const compiled = this.entity.fields.get(field);
    this.scope[field] = compiled?.lineEntity !== undefined && Array.isArray(value) ? this.#computeLines(compiled.lineEntity, value) : value;
    this.#changed.add(field);
    this.#dirty = true;
  }

  emit(effect: EmittedEffect): void {
    this.effects.push({ ...effect, source: this.#source } as Effect);
  }

  hold(reason: I18NText): void {
    this.holdState = { reason, at: this.ctx.now, by: this.ctx.actor.id };
    this.scope.$record = { id: this.record.id, version: this.record.version, hold: this.holdState };
  }

  release(): void {
    this.holdState = null;
    this.scope.$record = { id: this.record.id, version: this.record.version, hold: null };
  }

  runTransition(transition: string): void {
    this.#pending.push(transition);
  }

  render(text: I18NText): I18NText {
    return renderMessage(text, (name, language) => this.#placeholder(name, language));
  }

  // ---- the decision's steps -----------------------------------------------------------------

  /** Computes the computed fields of every line, then of the record (in dependency order). */
  computeAll(): void {
    for (const field of this.entity.fieldList) {
      if (field.lineEntity !== undefined && Array.isArray(this.scope[field.id])) {
        this.scope[field.id] = this.#computeLines(field.lineEntity, this.scope[field.id] as unknown[]);
      }
    }
    this.recompute();
  }

  /** Merges a checked patch (field ids only): patched lines get their computed fields, then the record's. */
  applyPatch(patch: RecordData): void {
    for (const key of Object.keys(patch)) {
      const field = this.entity.fields.get(key)!;
      const value = patch[key];
      this.scope[key] = field.lineEntity !== undefined && Array.isArray(value) ? this.#computeLines(field.lineEntity, value) : value;
    }
    this.recompute();
  }

  /** Recomputes the record's computed fields. */
  recompute(): void {
    this.#dirty = false;
    for (const field of this.entity.computed) {
      this.scope[field.id] = field.castResult!(this.evaluate(field.compute!, `${this.entity.id}.${field.id}`));
    }
  }

  /** Null when the transition may fire now; otherwise why not. */
  blocked(t: CompiledTransition): Blocked | null {
    if (!t.from.has(this.state)) return 'state';
    if (t.blockedByHold && this.holdState !== null) return 'hold';
    if (t.guard && !truthy(this.evaluate(t.guard, `${t.path}/guard`))) return 'guard';
    return null;
  }

  /** Takes a transition: its actions, the new state, the computed fields, then its rules. */
  fire(t: CompiledTransition, trigger: Step['trigger']): void {
    const workflow = this.#workflow!;
    const from = this.state;
    this.#applyActions(t.actions, { kind: 'transition', id: t.id });
    this.scope[workflow.stateField] = t.to;
    if (this.entity.computed.length) this.recompute();
    const step: Step = { transition: t.id, from, to: t.to, trigger };
    this.steps.push(step);
    this.runRules(this.entity.rules.transition, step);
  }

  /**
   * Fires what follows by itself: queued run_transition actions (if allowed then), then
   * automatic transitions whose guard holds, until none applies or the limit is reached.
   */
  settle(): void {
    const workflow = this.#workflow;
    if (!workflow) return;
    for (;;) {
      let next: CompiledTransition | undefined;
      while (!next && this.#pending.length) {
        const queued = workflow.transitions.get(this.#pending.shift()!);
        if (queued && this.blocked(queued) === null) next = queued;
      }
      if (!next) next = workflow.automatic.get(this.state)?.find((t) => this.blocked(t) === null);
      if (!next) return;
      if (++this.#automaticSteps > workflow.maxAutomaticSteps) {
        const chain = [...this.steps.filter((s) => s.trigger === 'automatic').map((s) => s.transition), next.id];
        throw new DecisionRefused(
          refuse(
            'ENGINE_AUTOMATIC_LIMIT',
            `Automatic transitions did not stop after ${workflow.maxAutomaticSteps} steps: ${chain.join(' → ')}`,
            `自动流转超过 ${workflow.maxAutomaticSteps} 步仍未停止：${chain.join(' → ')}`,
            'Check the guards of these automatic transitions (or the run_transition actions): one of them must become false.',
            { transitions: chain },
          ),
        );
      }
      this.fire(next, 'automatic');
    }
  }

  /** Runs the rules that match (a step's transition and state, when given) and whose condition holds. */
  runRules(rules: readonly CompiledRule[], step?: Step): void {
    for (const rule of rules) {
      if (step) {
        if (rule.transition !== undefined && rule.transition !== step.transition) continue;
        if (rule.state !== undefined && rule.state !== step.to) continue;
      }
      if (!truthy(this.evaluate(rule.condition, `${rule.path}/condition`))) continue;
      this.firedRules.push(rule.id);
      this.#applyActions(rule.actions, { kind: 'rule', id: rule.id });
    }
  }

  /** The accepted decision, after checking the values actions wrote. */
  finish(): Decision {
    const problems: Problem[] = [];
    for (const id of this.#changed) this.entity.fields.get(id)?.check(this.scope[id], `/data/${id}`, problems);
    if (problems.length) {
      throw new DecisionRefused(
        refuse(
          'ENGINE_ACTION_INVALID_VALUE',
          `An action set an invalid value: ${problems[0]!.message}`,
          `动作写入了无效的值：${problems[0]!.path}`,
          'Fix the set_field expression in the definition so it produces a value of the field\'s type.',
          {},
          problems,
        ),
      );
    }
    const data = blankRecord(this.entity);
    for (const key of this.entity.recordKeys) data[key] = this.scope[key];
    if (this.#extraKeys) {
      for (const key of Object.keys(this.scope)) {
        if (key[0] !== '$' && !Object.hasOwn(data, key)) Object.defineProperty(data, key, { value: this.scope[key], enumerable: true, writable: true, configurable: true });
      }
    }
    return { ok: true, data, steps: this.steps, effects: this.effects, firedRules: this.firedRules, hold: this.holdState };
  }

  // ---- internals ----------------------------------------------------------------------------

  #applyActions(actions: readonly CompiledAction[], source: EffectSource): void {
    if (actions.length === 0) return;
    const previous = this.#source;
    this.#source = source;
    for (const action of actions) actionHandlers.get(action.def.type)!.apply(action, this);
    this.#source = previous;
    if (this.#dirty && this.entity.computed.length) this.recompute();
  }

  #computeLines(lineEntityId: string, lines: unknown[]): unknown[] {
    const lineEntity = this.app.entities.get(lineEntityId);
    if (!lineEntity || lineEntity.computed.length === 0) return lines;
    const { $now, $actor, $facts, $record } = this.scope;
    return lines.map((line) => {
      if (typeof line !== 'object' || line === null || Array.isArray(line)) return line;
      // Object.assign, not spreads: a spread copy that then gets the `$` keys added costs V8 a new
      // hidden class per line (about 15 µs), which made this the costliest part of deciding an
      // order. A `__proto__` key would become a prototype under assign: such lines keep spreads.
      const own = Object.hasOwn(line, '__proto__');
      const scope: RecordData = own ? { ...(line as RecordData) } : Object.assign({}, line as RecordData);
      scope.$now = $now;
      scope.$actor = $actor;
      scope.$facts = $facts;
      scope.$record = $record;
      const out: RecordData = own ? { ...(line as RecordData) } : Object.assign({}, line as RecordData);
      for (const field of lineEntity.computed) {
        scope[field.id] = out[field.id] = field.castResult!(this.#evaluateIn(field.compute!, scope, `${lineEntity.id}.${field.id}`));
      }
      return out;
    });
  }

  #placeholder(name: string, language: Language): string | undefined {
    if (name.includes('.')) {
      const v = readVar(this.scope, name);
      return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    const field = this.entity.fields.get(name);
    if (field) return field.format(this.scope[name], language);
    const workflow = this.#workflow;
    if (workflow && name === workflow.stateField) {
      const state = workflow.states.get(this.state);
      return state ? (language === 'en' ? (state.label.en ?? state.label['zh-CN']) : state.label['zh-CN']) : this.state;
    }
    if (name === 'id') return this.record.id === null ? '' : String(this.record.id);
    return undefined;
  }
}
