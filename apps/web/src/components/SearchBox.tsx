import { useState } from 'react';
import type { Entity } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';

/** The list's search: a prefix match on one of the entity's search fields (list.searchFields). */
export function SearchBox({ entity, field, text, onSearch }: { entity: Entity; field: string; text: string; onSearch(field: string, text: string): void }) {
  const { t, tx } = useI18n();
  const [draft, setDraft] = useState(text);
  const fields = entity.list?.searchFields ?? [];
  if (fields.length === 0) return null;
  return (
    <form
      className="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(field, draft);
      }}
    >
      <select aria-label={t('list.searchIn')} value={field} onChange={(e) => onSearch(e.target.value, draft)}>
        {fields.map((id) => (
          <option key={id} value={id}>
            {tx(entity.fields.find((f) => f.id === id)?.label) || id}
          </option>
        ))}
      </select>
      <input type="search" value={draft} placeholder={t('list.search')} onChange={(e) => setDraft(e.target.value)} data-testid="search-input" />
      <button type="submit">{t('list.search')}</button>
    </form>
  );
}
