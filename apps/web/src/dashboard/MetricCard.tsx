import type { MetricWidget } from '@statecraft/schema';
import { fenToYuan } from '../format/money.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** One figure of a metric widget: a count, an amount in yuan, or a duration with its unit. */
export function MetricCard({ widget, value }: { widget: MetricWidget; value: number | null | undefined }) {
  const { t, tx } = useI18n();
  const m = widget.measure;
  let shown = value === null || value === undefined ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  let unit = '';
  if (value !== null && value !== undefined && widget.format === 'money') shown = `¥${fenToYuan(value)}`;
  if (m.fn === 'avgDuration') unit = t(m.unit === 'minutes' ? 'unit.minutes' : m.unit === 'days' ? 'unit.days' : 'unit.hours');
  return (
    <div className="metric">
      <div className="metric-label">{tx(widget.label)}</div>
      <div className="metric-value" data-metric={widget.id}>
        {shown}
        {unit && <small> {unit}</small>}
      </div>
      {widget.description && <div className="muted small">{tx(widget.description)}</div>}
    </div>
  );
}
