import type { Dashboard, DashboardWidget, RecordCondition, WidgetMeasure } from '@statecraft/schema';
import type { RecordEnvelope, RecordFilter, Store } from '@statecraft/store';
import { AppError } from '../app-error.ts';
import { startOfDayIn } from './day-start.ts';

/** A widget's figures as the dashboard endpoint answers them. */
export type WidgetFigures =
  | { id: string; type: 'metric'; value: number | null }
  | { id: string; type: 'chart'; buckets: { key: string | null; value: number | null }[] }
  | { id: string; type: 'table'; items: RecordEnvelope[] };

export interface DashboardFigures {
  dashboard: string;
  computedAt: string;
  /** How long the figures took to compute, in milliseconds. */
  tookMs: number;
  widgets: WidgetFigures[];
}

const WINDOW_MS: Record<string, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };
const SYSTEM_COLUMNS: Record<string, string> = { id: 'id', createdAt: '_created_at', updatedAt: '_updated_at', createdBy: '_created_by', updatedBy: '_updated_by', version: '_version' };

/** The conditions of a widget: its `where` plus its time window as a `gte` on the window's field. */
export function widgetFilters(widget: DashboardWidget, now: Date, timeZone: string): RecordFilter[] {
  const filters: RecordFilter[] = (widget.where ?? []).map((c: RecordCondition) => ({ field: c.field, op: c.op, ...(c.value !== undefined ? { value: c.value } : {}) }));
  if (widget.window) {
    const since = widget.window.since === 'today' ? startOfDayIn(now, timeZone) : new Date(now.getTime() - WINDOW_MS[widget.window.since]!);
    filters.push({ field: widget.window.field, op: 'gte', value: since.toISOString() });
  }
  return filters;
}

function badWidget(dashboard: string, widget: string, message: string): AppError {
  return new AppError('DASHBOARD_BAD_WIDGET', 422, `Dashboard "${dashboard}", widget "${widget}": ${message}`, {
    hint: 'Fix the widget in the definition (the fields it names must exist on its entity) and publish again.',
  });
}

/**
 * Computes every widget of a dashboard with aggregate queries the entity's indexes serve:
 * counts through the store's own filters (one indexed count per dimension value for charts),
 * sums, averages and durations as one SQL aggregate, tables as a first keyset page.
 *
 * @example const figures = await computeDashboard(app.store, dashboard, () => new Date(), stateFieldOf);
 */
export async function computeDashboard(store: Store, dashboard: Dashboard, now: Date, dimensionValues: (entity: string, field: string) => string[] | undefined): Promise<DashboardFigures> {
  const started = performance.now();
  const tz = dashboard.timezone ?? 'Asia/Shanghai';
  const widgets: WidgetFigures[] = [];
  for (const widget of dashboard.widgets) {
    const filters = widgetFilters(widget, now, tz);
    try {
      if (widget.type === 'metric') {
        widgets.push({ id: widget.id, type: 'metric', value: await measure(store, widget.entity, filters, widget.measure) });
      } else if (widget.type === 'chart') {
        const values = dimensionValues(widget.entity, widget.dimension);
        if (!values) throw badWidget(dashboard.id, widget.id, `"${widget.dimension}" is not an enum field or the workflow state of "${widget.entity}".`);
        const m = widget.measure ?? { fn: 'count' as const };
        const buckets = [];
        for (const key of values) buckets.push({ key, value: await measure(store, widget.entity, [...filters, { field: widget.dimension, op: 'eq', value: key }], m) });
        widgets.push({ id: widget.id, type: 'chart', buckets });
      } else {
        const sort = widget.sort ? [{ field: widget.sort.field, direction: widget.sort.direction ?? 'asc' }] : undefined;
        const page = await store.records.list(widget.entity, { filters, ...(sort ? { sort } : {}), limit: widget.limit ?? 10 });
        widgets.push({ id: widget.id, type: 'table', items: page.items });
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      const err = e as { code?: string; message?: string };
      if (err.code?.startsWith('STORE_')) throw badWidget(dashboard.id, widget.id, err.message ?? String(e));
      throw e;
    }
  }
  return { dashboard: dashboard.id, computedAt: now.toISOString(), tookMs: Math.round((performance.now() - started) * 10) / 10, widgets };
}

/** One figure over the records matching the filters. */
async function measure(store: Store, entity: string, filters: RecordFilter[], m: WidgetMeasure): Promise<number | null> {
  if (m.fn === 'count') return store.records.count(entity, filters);
  // Aggregates: the store checks the filters (a count of nothing, limit 1), then one SQL aggregate.
  const em = store.model?.entities.get(entity);
  if (!em) throw new AppError('DASHBOARD_BAD_WIDGET', 422, `There is no entity "${entity}".`, { hint: 'Name an entity of the definition.' });
  const col = (field: string) => {
    const [id, part] = field.split('.');
    if (SYSTEM_COLUMNS[field]) return SYSTEM_COLUMNS[field]!;
    const fm = em.fields.get(id!);
    const c = part ? fm?.columns.find((x) => x.part === part) : fm?.columns[0];
    if (!c) throw new AppError('DASHBOARD_BAD_WIDGET', 422, `"${field}" is not a field of "${entity}".`, { hint: `Use one of: ${[...em.fields.keys()].join(', ')}.` });
    return c.column;
  };
  const knex = store.knex;
  let select;
  if (m.fn === 'avgDuration') {
    const [from, to] = [col(m.from), col(m.to)];
    const per = m.unit === 'minutes' ? 60 : m.unit === 'days' ? 86_400 : 3_600;
    select =
      store.dialect === 'sqlite'
        ? knex.raw('AVG((julianday(??) - julianday(??)) * 86400.0) / ? AS v', [to, from, per])
        : knex.raw('AVG(EXTRACT(EPOCH FROM (?? - ??))) / ? AS v', [to, from, per]);
  } else {
    select = knex.raw(`${m.fn.toUpperCase()}(??) AS v`, [col(m.field)]);
  }
  const q = knex(em.table).select(select);
  if (m.fn === 'avgDuration') q.whereNotNull(col(m.from)).whereNotNull(col(m.to));
  applySimpleFilters(q, filters, col, store.dialect);
  const row = (await q.first()) as { v: unknown } | undefined;
  return row?.v === null || row?.v === undefined ? null : Math.round(Number(row.v) * 100) / 100;
}

/** Widget conditions on an aggregate query (values come from the definition, typed already). */
function applySimpleFilters(q: ReturnType<Store['knex']>, filters: RecordFilter[], col: (f: string) => string, dialect: Store['dialect']): void {
  const enc = (v: unknown) => (typeof v === 'boolean' && dialect === 'sqlite' ? (v ? 1 : 0) : v) as string;
  for (const f of filters) {
    const c = col(f.field);
    switch (f.op) {
      case 'eq': f.value === null ? q.whereNull(c) : q.where(c, enc(f.value)); break;
      case 'ne': q.where((b) => void b.whereNot(c, enc(f.value)).orWhereNull(c)); break;
      case 'in': q.whereIn(c, (f.value as unknown[]).map(enc)); break;
      case 'gt': q.where(c, '>', enc(f.value)); break;
      case 'gte': q.where(c, '>=', enc(f.value)); break;
      case 'lt': q.where(c, '<', enc(f.value)); break;
      case 'lte': q.where(c, '<=', enc(f.value)); break;
      case 'isNull': f.value === false ? q.whereNotNull(c) : q.whereNull(c); break;
      case 'prefix': q.where(c, 'like', `${String(f.value).replace(/[\\%_]/g, '\\$&')}%`); break;
      case 'contains': q.where(c, 'like', `%${String(f.value).replace(/[\\%_]/g, '\\$&')}%`); break;
    }
  }
}
