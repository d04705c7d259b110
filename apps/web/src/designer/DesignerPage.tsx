import { useContext } from 'react';
import { Outlet, useParams } from 'react-router-dom';
import { useAuth } from '../auth/useAuth.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { DesignerHeader } from './DesignerHeader.tsx';
import { DraftContext, DraftProvider } from './DraftContext.tsx';
import { mayDesign } from './may-design.ts';
import './designer.css';

function Loaded() {
  const ctx = useContext(DraftContext);
  const { t } = useI18n();
  if (ctx?.loadError) return <div className="page-error">{ctx.loadError}</div>;
  if (!ctx?.definition) return <div className="page">{t('common.loading')}</div>;
  return (
    <>
      <DesignerHeader />
      <div className="designer-body">
        <Outlet />
      </div>
    </>
  );
}

/** The designer of one app (`/design/:app/<screen>`), for analysts and administrators. */
export default function DesignerPage() {
  const { app } = useParams();
  const { user } = useAuth();
  const { t } = useI18n();
  if (!user || !mayDesign(user)) return <div className="page-error">{t('designer.forbidden')}</div>;
  return (
    <div className="designer" data-testid="designer">
      <DraftProvider appId={app!} key={app}>
        <Loaded />
      </DraftProvider>
    </div>
  );
}
