import type { AlertItem } from '../api/types.ts';
import { formatDateTime } from '../format/datetime.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** The alerts raised on a record by the definition's rules. */
export function AlertList({ alerts }: { alerts: AlertItem[] }) {
  const { t, tx } = useI18n();
  if (alerts.length === 0) return <p className="muted">{t('record.noAlerts')}</p>;
  return (
    <ul className="alerts" data-testid="alerts">
      {alerts.map((a) => (
        <li key={a.id} className={`alert ${a.severity} ${a.status}`}>
          <span>{tx(a.message)}</span>
          <span className="muted small">{formatDateTime(a.createdAt)}</span>
        </li>
      ))}
    </ul>
  );
}
