import type { Entity, Transition, Workflow } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import type { MessageKey } from '../i18n/messages.zh-CN.ts';
import { ActionList } from './ActionList.tsx';
import { ConditionEditor } from './ConditionEditor.tsx';
import { I18nInput } from './I18nInput.tsx';
import { IdInput } from './IdInput.tsx';
import type { DefinitionProblem } from './problem-map.ts';

interface Props {
  transition: Transition;
  workflow: Workflow;
  entity: Entity;
  roles: { id: string; label: string }[];
  problems: DefinitionProblem[];
  onChange(t: Transition): void;
  onRename(id: string): void;
  onDelete(): void;
}

/** The selected transition: id, label, from/to, trigger, roles, guard (visual or JSON), actions, confirm, hold. */
export function TransitionPanel({ transition: tr, workflow, entity, roles, problems, onChange, onRename, onDelete }: Props) {
  const { t, tx } = useI18n();
  const set = <K extends keyof Transition>(key: K, value: Transition[K] | undefined) => {
    const next = { ...tr, [key]: value };
    if (value === undefined) delete next[key];
    onChange(next);
  };
  const stateIds = workflow.states.map((s) => s.id);
  const missing = [...tr.from, tr.to].filter((s) => !stateIds.includes(s));
  const guardProblems = problems.filter((p) => /\/guard(\/|$)/.test(p.path)).map((p) => p.message);
  return (
    <div className="panel-body" data-testid="transition-panel">
      <h3>{t('designer.transition')}: {tx(tr.label)} <small className="muted mono">{tr.id}</small></h3>
      {problems.filter((p) => !/\/(guard|actions)(\/|$)/.test(p.path)).map((p, i) => <div key={i} className="field-error" role="alert">{p.message}</div>)}
      <IdInput label={t('designer.field.id')} name="transition-id" value={tr.id} taken={workflow.transitions.map((x) => x.id)} onCommit={onRename} />
      <I18nInput name="transition-label" value={tr.label} onChange={(label) => label && set('label', label)} />
      <fieldset>
        <legend>{t('designer.transition.from')}</legend>
        <div className="multi">
          {[...workflow.states.map((s) => s.id), ...missing.filter((m) => tr.from.includes(m))].map((id) => (
            <label key={id} className={stateIds.includes(id) ? '' : 'missing'}>
              <input type="checkbox" checked={tr.from.includes(id)} onChange={(e) => set('from', (e.target.checked ? [...tr.from, id] : tr.from.filter((x) => x !== id)) as Transition['from'])} />
              {tx(workflow.states.find((s) => s.id === id)?.label) || `⚠ ${id}`}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="row">
        <label>
          <span>{t('designer.transition.to')}</span>
          <select name="transition-to" value={tr.to} aria-invalid={!stateIds.includes(tr.to) || undefined} onChange={(e) => set('to', e.target.value)}>
            {!stateIds.includes(tr.to) && <option value={tr.to}>⚠ {tr.to}</option>}
            {workflow.states.map((s) => <option key={s.id} value={s.id}>{tx(s.label)} ({s.id})</option>)}
          </select>
        </label>
        <label>
          <span>{t('designer.transition.trigger')}</span>
          <select name="transition-trigger" value={tr.trigger} onChange={(e) => onChange({ ...tr, trigger: e.target.value as Transition['trigger'] })}>
            {(['manual', 'automatic', 'event'] as const).map((x) => <option key={x} value={x}>{t(`designer.trigger.${x}` as MessageKey)}</option>)}
          </select>
        </label>
      </div>
      {tr.trigger === 'event' && (
        <label><span>{t('designer.transition.event')}</span><input className="mono" value={tr.event ?? ''} onChange={(e) => set('event', e.target.value || undefined)} /></label>
      )}
      <fieldset>
        <legend>{t('designer.transition.roles')}</legend>
        <div className="multi">
          {roles.map((r) => (
            <label key={r.id}>
              <input type="checkbox" checked={tr.roles?.includes(r.id) ?? false} onChange={(e) => {
                const next = e.target.checked ? [...(tr.roles ?? []), r.id] : (tr.roles ?? []).filter((x) => x !== r.id);
                set('roles', next.length ? next : undefined);
              }} />
              {r.label}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('designer.transition.guard')}</legend>
        <ConditionEditor name={`transition-${tr.id}-guard`} entity={entity.id} fields={entity.fields} value={tr.guard} problems={guardProblems} onChange={(g) => set('guard', g as Transition['guard'])} />
      </fieldset>
      <fieldset>
        <legend>{t('designer.transition.actions')}</legend>
        <ActionList actions={tr.actions ?? []} problems={problems} onChange={(a) => set('actions', a.length ? a : undefined)} />
      </fieldset>
      <label className="check"><input type="checkbox" checked={!!tr.blockedByHold} onChange={(e) => set('blockedByHold', e.target.checked || undefined)} />{t('designer.transition.blockedByHold')}</label>
      <label><span>{t('designer.transition.confirm')}</span><input value={tr.confirm?.['zh-CN'] ?? ''} onChange={(e) => set('confirm', e.target.value ? { ...tr.confirm, 'zh-CN': e.target.value } : undefined)} /></label>
      <button type="button" className="danger" onClick={onDelete}>{t('designer.transition.delete')}</button>
    </div>
  );
}
