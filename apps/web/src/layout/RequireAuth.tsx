import type { ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import { useAuth } from '../auth/useAuth.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** Shows its children to a signed-in user; sends everyone else to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const { t } = useI18n();
  if (user === undefined) return <div className="page">{t('common.loading')}</div>;
  if (user === null) return <Navigate to="/login" replace />;
  return <>{children}</>;
}
