import { useState } from 'react';
import type { Entity, Workflow } from '@statecraft/schema';
import { emptyFilterState, filterableFields, type FilterState } from '../list/filter-state.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { FieldFilter } from './FieldFilter.tsx';
import { SearchBox } from './SearchBox.tsx';
import { StateChips } from './StateChips.tsx';

/**
 * The list's filters, generated from the entity: search, state chips, then a control per
 * filterable field (enum, yes/no, text prefix, date range, amount range in yuan), on hold and
 * has alert. Field filters apply on "Apply"; search and state chips at once.
 */
export function FilterBar({ entity, workflow, value, onChange }: { entity: Entity; workflow: Workflow | undefined; value: FilterState; onChange(next: FilterState): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(value);
  const fields = filterableFields(entity, workflow?.stateField);
  const apply = (next: FilterState) => {
    setDraft(next);
    onChange(next);
  };
  return (
    <div className="filterbar">
      <div className="filterbar-row">
        <SearchBox entity={entity} field={value.searchField} text={value.search} onSearch={(searchField, search) => apply({ ...draft, searchField, search })} />
        <button type="button" className="link" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="more-filters">
          {t('list.moreFilters')}
        </button>
      </div>
      {workflow && <StateChips workflow={workflow} selected={value.states} onChange={(states) => apply({ ...draft, states })} />}
      {open && (
        <div className="filter-grid">
          {fields.map((f) => (
            <FieldFilter
              key={f.id}
              field={f}
              value={draft.values[f.id] ?? ''}
              range={draft.ranges[f.id] ?? { from: '', to: '' }}
              onValue={(v) => setDraft({ ...draft, values: { ...draft.values, [f.id]: v } })}
              onRange={(r) => setDraft({ ...draft, ranges: { ...draft.ranges, [f.id]: r } })}
            />
          ))}
          <label className="filter check">
            <input type="checkbox" checked={draft.onHold} onChange={(e) => setDraft({ ...draft, onHold: e.target.checked })} />
            <span>{t('list.onHold')}</span>
          </label>
          <label className="filter check">
            <input type="checkbox" checked={draft.hasAlert} onChange={(e) => setDraft({ ...draft, hasAlert: e.target.checked })} data-filter="hasAlert" />
            <span>{t('list.hasAlert')}</span>
          </label>
          <div className="filter-actions">
            <button type="button" onClick={() => apply(emptyFilterState(entity))}>{t('list.clear')}</button>
            <button type="button" className="primary" onClick={() => apply(draft)} data-testid="apply-filters">{t('list.apply')}</button>
          </div>
        </div>
      )}
    </div>
  );
}
