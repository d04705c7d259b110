import { useEffect, useRef } from 'react';
import type { ChartWidget } from '@statecraft/schema';
import { useAppModel } from '../definition/useAppModel.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { echarts } from './echarts.ts';

/** A figure per value of the widget's dimension (enum options or workflow states, with their labels and colours) as an ECharts pie or bar. */
export function ChartCard({ widget, buckets }: { widget: ChartWidget; buckets: { key: string | null; value: number | null }[] }) {
  const model = useAppModel();
  const { tx } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  const workflow = model.workflowOf(widget.entity);
  const field = model.field(widget.entity, widget.dimension);
  const values = workflow?.stateField === widget.dimension ? workflow.states.map((s) => ({ key: s.id, label: s.label, color: s.color })) : field?.type === 'enum' ? field.options.map((o) => ({ key: o.value, label: o.label, color: o.color })) : [];
  const rows = values.map((v) => ({ name: tx(v.label), value: buckets.find((b) => b.key === v.key)?.value ?? 0, color: v.color ?? '#6B7280' }));
  for (const b of buckets) if (!values.some((v) => v.key === b.key)) rows.push({ name: b.key ?? '—', value: b.value ?? 0, color: '#9CA3AF' });

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const onResize = () => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, []);

  const key = JSON.stringify(rows);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const font = { fontFamily: 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif' };
    if (widget.chart === 'pie') {
      const shown = rows.filter((r) => r.value > 0);
      c.setOption(
        {
          textStyle: font,
          tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
          legend: { bottom: 0, type: 'scroll' },
          series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'], label: { formatter: '{b} {d}%' }, data: shown.map((r) => ({ name: r.name, value: r.value, itemStyle: { color: r.color } })) }],
        },
        true,
      );
    } else {
      c.setOption(
        {
          textStyle: font,
          tooltip: { trigger: 'axis' },
          grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 5 ? 35 : 0 } },
          yAxis: { type: 'value', minInterval: 1 },
          series: [{ type: 'bar', data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.color } })), label: { show: true, position: 'top' } }],
        },
        true,
      );
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, widget.chart]);

  return (
    <div className="chart-card">
      <div className="metric-label">{tx(widget.label)}</div>
      <div ref={el} className="chart" data-chart={widget.id} data-values={key} />
    </div>
  );
}
