import type { Workflow } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';

/** Toggle chips for the workflow's states; none selected means every state. */
export function StateChips({ workflow, selected, onChange }: { workflow: Workflow; selected: string[]; onChange(states: string[]): void }) {
  const { t, tx } = useI18n();
  const toggle = (id: string) => onChange(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);
  return (
    <div className="chips" role="group" aria-label={t('list.state')}>
      <button type="button" className={selected.length === 0 ? 'chip on' : 'chip'} onClick={() => onChange([])}>
        {t('list.any')}
      </button>
      {workflow.states.map((s) => (
        <button
          key={s.id}
          type="button"
          data-state={s.id}
          className={selected.includes(s.id) ? 'chip on' : 'chip'}
          style={selected.includes(s.id) && s.color ? { background: s.color, borderColor: s.color, color: '#fff' } : undefined}
          onClick={() => toggle(s.id)}
        >
          {tx(s.label)}
        </button>
      ))}
    </div>
  );
}
