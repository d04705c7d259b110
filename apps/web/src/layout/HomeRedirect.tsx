import { Navigate } from 'react-router-dom';
import { useAuth } from '../auth/useAuth.ts';
import { useAppModel } from '../definition/useAppModel.ts';
import { mayDesign } from '../designer/may-design.ts';

/** The start page for the user's roles: their first dashboard, else their first list. */
export function HomeRedirect() {
  const { user } = useAuth();
  const model = useAppModel();
  if (!user) return null;
  const dashboard = model.dashboards(user)[0];
  if (dashboard) return <Navigate to={`/dashboards/${dashboard.id}`} replace />;
  const entity = model.navEntities(user)[0];
  if (entity) return <Navigate to={`/e/${entity.id}`} replace />;
  return mayDesign(user) ? <Navigate to="/design" replace /> : null;
}
