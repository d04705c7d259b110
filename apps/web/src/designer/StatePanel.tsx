import { useState } from 'react';
import type { State, Workflow } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import { I18nInput } from './I18nInput.tsx';
import { IdInput } from './IdInput.tsx';
import type { DefinitionProblem } from './problem-map.ts';

interface Props {
  state: State;
  workflow: Workflow;
  problems: DefinitionProblem[];
  onChange(state: State): void;
  onRename(id: string): void;
  onDelete(): void;
  onAddTransition(to: string): void;
}

/** The selected state: id, labels, kind, colour; add a transition from it by keyboard; delete it. */
export function StatePanel({ state, workflow, problems, onChange, onRename, onDelete, onAddTransition }: Props) {
  const { t, tx } = useI18n();
  const [to, setTo] = useState(workflow.states.find((s) => s.id !== state.id)?.id ?? state.id);
  return (
    <div className="panel-body" data-testid="state-panel">
      <h3>{tx(state.label)} <small className="muted mono">{state.id}</small></h3>
      {problems.map((p, i) => <div key={i} className="field-error" role="alert">{p.message}</div>)}
      <IdInput label={t('designer.field.id')} name="state-id" value={state.id} taken={workflow.states.map((s) => s.id)} onCommit={onRename} />
      <I18nInput name="state-label" value={state.label} onChange={(label) => label && onChange({ ...state, label })} />
      <div className="row">
        <label>
          <span>{t('designer.state.kind')}</span>
          <select value={state.kind} onChange={(e) => onChange({ ...state, kind: e.target.value as State['kind'] })}>
            <option value="initial">initial</option>
            <option value="normal">normal</option>
            <option value="final">final</option>
          </select>
        </label>
        <label>
          <span>{t('designer.state.color')}</span>
          <input type="color" value={state.color ?? '#64748b'} onChange={(e) => onChange({ ...state, color: e.target.value })} />
        </label>
      </div>
      <div className="row">
        <label>
          <span>{t('designer.state.addTransition')}</span>
          <select value={to} onChange={(e) => setTo(e.target.value)} name="add-transition-to">
            {workflow.states.map((s) => <option key={s.id} value={s.id}>{tx(s.label)} ({s.id})</option>)}
          </select>
        </label>
        <button type="button" onClick={() => onAddTransition(to)}>+</button>
      </div>
      <button type="button" className="danger" onClick={onDelete}>{t('designer.state.delete')}</button>
    </div>
  );
}
