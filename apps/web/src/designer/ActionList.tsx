import { useState } from 'react';
import type { Action } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import { ActionEditor } from './ActionEditor.tsx';
import { actionTypes, newAction } from './action-schemas.ts';
import type { DefinitionProblem } from './problem-map.ts';

interface Props {
  actions: Action[];
  onChange(actions: Action[]): void;
  /** Problems of the owning item; those under `<base>/actions/<i>` are shown on that action. */
  problems: DefinitionProblem[];
}

/** The actions of a transition or rule, in order, each with its config form; add by type. */
export function ActionList({ actions, onChange, problems }: Props) {
  const { t } = useI18n();
  const [type, setType] = useState(actionTypes[0]?.type ?? 'set_field');
  const problemsAt = (i: number) => problems.filter((p) => new RegExp(`/actions/${i}(/|$)`).test(p.path)).map((p) => p.message);
  return (
    <div className="action-list">
      {actions.map((a, i) => (
        <ActionEditor
          key={i}
          index={i}
          action={a as unknown as Record<string, unknown>}
          problems={problemsAt(i)}
          onChange={(next) => onChange(actions.map((x, j) => (j === i ? (next as unknown as Action) : x)))}
          onRemove={() => onChange(actions.filter((_, j) => j !== i))}
        />
      ))}
      <div className="row">
        <select aria-label={t('designer.action.add')} value={type} onChange={(e) => setType(e.target.value)}>
          {actionTypes.map((a) => <option key={a.type} value={a.type}>{a.type}</option>)}
        </select>
        <button type="button" onClick={() => onChange([...actions, newAction(type) as unknown as Action])}>+ {t('designer.action.add')}</button>
      </div>
    </div>
  );
}
