import { useState } from 'react';
import { Outlet } from 'react-router-dom';
import { useAuth } from '../auth/useAuth.ts';
import { useAppModel } from '../definition/useAppModel.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { NavMenu } from './NavMenu.tsx';

/** The workspace frame: app name, navigation by role (a drawer on phones), language switch, user and sign-out. */
export function Shell() {
  const { user, logout } = useAuth();
  const model = useAppModel();
  const { t, tx, lang, setLang } = useI18n();
  const [open, setOpen] = useState(false);
  if (!user) return null;
  const roleLabels = user.roles.map((r) => tx(model.definition.roles?.find((x) => x.id === r)?.label) || r).join('、');
  return (
    <div className={open ? 'shell menu-open' : 'shell'}>
      <header className="topbar">
        <button type="button" className="menu-button" aria-label={t('nav.menu')} onClick={() => setOpen(!open)}>☰</button>
        <span className="brand">{tx(model.definition.name)}</span>
        <span className="spacer" />
        <button type="button" className="link" onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="lang-switch">{t('nav.language')}</button>
        <span className="user" data-testid="user">
          {user.displayName || user.username}
          <small> · {roleLabels}</small>
        </span>
        <button type="button" className="link" onClick={() => void logout()}>{t('nav.logout')}</button>
      </header>
      <div className="body">
        <aside className="sidebar">
          <NavMenu user={user} onNavigate={() => setOpen(false)} />
        </aside>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
