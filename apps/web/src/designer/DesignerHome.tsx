import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { I18NText } from '@statecraft/schema';
import { api } from '../api/client.ts';
import { useAuth } from '../auth/useAuth.ts';
import { formatDateTime } from '../format/datetime.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { mayDesign } from './may-design.ts';
import './designer.css';

interface AppItem {
  id: string;
  name: I18NText;
  latestVersion: number | null;
  hasDraft: boolean;
  updatedAt: string;
}

/** The apps a designer can open, with their latest version and whether a draft is in progress. */
export default function DesignerHome() {
  const { t, tx } = useI18n();
  const { user } = useAuth();
  const [apps, setApps] = useState<AppItem[] | null>(null);
  useEffect(() => {
    api<{ items: AppItem[] }>('GET', '/api/apps').then((r) => setApps(r.items), () => setApps([]));
  }, []);
  if (!user || !mayDesign(user)) return <div className="page-error">{t('designer.forbidden')}</div>;
  return (
    <div className="page" data-testid="designer-home">
      <div className="page-head"><h1>{t('designer.appsTitle')}</h1></div>
      {!apps ? <div>{t('common.loading')}</div> : (
        <div className="app-cards">
          {apps.map((a) => (
            <div key={a.id} className="panel app-card" data-app={a.id}>
              <h2>{tx(a.name)}</h2>
              <div className="mono small muted">{a.id}</div>
              <div>{a.latestVersion ? t('designer.latest', { n: a.latestVersion }) : t('designer.noVersion')} {a.hasDraft && <span className="tag sev-warning">{t('designer.hasDraft')}</span>}</div>
              <div className="muted small">{formatDateTime(a.updatedAt)}</div>
              <div className="row">
                <Link className="button primary" to={`/design/${a.id}/fields`}>{t('designer.open')}</Link>
                <Link className="button" to={`/design/${a.id}/versions`}>{t('designer.tab.versions')}</Link>
              </div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
