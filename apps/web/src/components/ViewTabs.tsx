import type { Entity } from '@statecraft/schema';
import type { Condition, CurrentUser } from '../api/types.ts';
import { useI18n } from '../i18n/useI18n.ts';
import type { SavedViews } from '../hooks/useSavedViews.ts';

/** The list's active view: "all", a view shipped with the definition, or one of the user's saved views. */
export interface ActiveView {
  key: string;
  filters: Condition[];
  sort?: { field: string; direction?: 'asc' | 'desc' } | null;
}

interface Props {
  entity: Entity;
  user: CurrentUser;
  saved: SavedViews;
  active: string;
  onSelect(view: ActiveView): void;
  onSaveCurrent(name: string): void;
}

/** Tabs for the definition's list views and the user's saved views, with "save this view". */
export function ViewTabs({ entity, user, saved, active, onSelect, onSaveCurrent }: Props) {
  const { t, tx } = useI18n();
  const shipped = (entity.list?.views ?? []).filter((v) => user.superuser || !v.roles || v.roles.some((r) => user.roles.includes(r)));
  const tab = (key: string, label: string, view: ActiveView, extra?: React.ReactNode) => (
    <span key={key} className={active === key ? 'view-tab on' : 'view-tab'}>
      <button type="button" onClick={() => onSelect(view)} data-view={key}>
        {label}
      </button>
      {extra}
    </span>
  );
  return (
    <div className="view-tabs" role="tablist" aria-label={t('views.title')}>
      {tab('all', t('views.all'), { key: 'all', filters: [] })}
      {shipped.map((v) => tab(`def:${v.id}`, tx(v.label), { key: `def:${v.id}`, filters: v.filters as Condition[], sort: v.sort ?? null }))}
      {(saved.views ?? []).map((v) =>
        tab(
          `user:${v.id}`,
          v.name,
          { key: `user:${v.id}`, filters: v.filters, sort: v.sort },
          <button type="button" className="link small" aria-label={t('views.delete')} onClick={() => void saved.remove(v.id)}>
            ×
          </button>,
        ),
      )}
      {saved.views && (
        <button
          type="button"
          className="link"
          onClick={() => {
            const name = window.prompt(t('views.name'));
            if (name) onSaveCurrent(name);
          }}
        >
          {t('views.save')}
        </button>
      )}
    </div>
  );
}
