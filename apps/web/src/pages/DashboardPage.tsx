import { useParams } from 'react-router-dom';
import { useAuth } from '../auth/useAuth.ts';
import { ChartCard } from '../dashboard/ChartCard.tsx';
import { MetricCard } from '../dashboard/MetricCard.tsx';
import { TableCard } from '../dashboard/TableCard.tsx';
import { useAppModel } from '../definition/useAppModel.ts';
import { formatDateTime } from '../format/datetime.ts';
import { useLiveDashboard } from '../hooks/useLiveDashboard.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** A dashboard of the definition, live: metric cards, ECharts charts and tables on a grid that folds to one column on a phone. */
export function DashboardPage() {
  const { dashboard: dashboardId = '' } = useParams();
  const model = useAppModel();
  const { user } = useAuth();
  const { t, tx } = useI18n();
  const dashboard = user ? model.dashboards(user).find((d) => d.id === dashboardId) : undefined;
  const { data, live, error } = useLiveDashboard(model.appId, dashboardId);
  if (!dashboard) return <div className="page-error">{t('dashboard.none')}</div>;
  const byId = new Map((data?.widgets ?? []).map((w) => [w.id, w]));
  return (
    <div className="page dashboard-page">
      <header className="page-head">
        <h1>{tx(dashboard.label)}</h1>
        <span className={live ? 'live on' : 'live'} data-testid="live">{live ? t('dashboard.live') : t('dashboard.offline')}</span>
        {data && <span className="muted small">{t('dashboard.updated', { time: formatDateTime(data.computedAt) })}</span>}
      </header>
      {error && <div className="error-box">{error}</div>}
      <div className="widget-grid">
        {dashboard.widgets.map((w) => {
          const d = byId.get(w.id);
          return (
            <div key={w.id} className={`widget size-${w.size ?? (w.type === 'metric' ? 'small' : 'medium')}`} data-widget={w.id}>
              {w.type === 'metric' && <MetricCard widget={w} value={d?.type === 'metric' ? d.value : undefined} />}
              {w.type === 'chart' && <ChartCard widget={w} buckets={d?.type === 'chart' ? d.buckets : []} />}
              {w.type === 'table' && <TableCard widget={w} items={d?.type === 'table' ? d.items : []} />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
