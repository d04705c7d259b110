import { NavLink } from 'react-router-dom';
import type { CurrentUser } from '../api/types.ts';
import { useAppModel } from '../definition/useAppModel.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { mayDesign } from '../designer/may-design.ts';

/** Navigation by role: the dashboards, the entities the user's roles may read, stock and intake when the app uses them, and the designer for analysts and administrators. */
export function NavMenu({ user, onNavigate }: { user: CurrentUser; onNavigate(): void }) {
  const model = useAppModel();
  const { t, tx } = useI18n();
  return (
    <nav className="nav" onClick={onNavigate}>
      {model.dashboards(user).map((d) => (
        <NavLink key={d.id} to={`/dashboards/${d.id}`}>
          {tx(d.label)}
        </NavLink>
      ))}
      {model.navEntities(user).map((e) => (
        <NavLink key={e.id} to={`/e/${e.id}`} end={false} data-nav={e.id}>
          {tx(e.label)}
        </NavLink>
      ))}
      {/* Every signed-in user may read stock and the sync log (the API checks the actions); shown when the app uses them. */}
      {model.usesStock && (
        <NavLink to="/stock" data-nav="stock">
          {t('nav.stock')}
        </NavLink>
      )}
      {model.hasIntake && (
        <NavLink to="/intake" data-nav="intake">
          {t('nav.intake')}
        </NavLink>
      )}
      {mayDesign(user) && (
        <NavLink to="/design" data-nav="designer">
          {t('nav.designer')}
        </NavLink>
      )}
    </nav>
  );
}
