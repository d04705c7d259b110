import { useEffect, useMemo, useState } from 'react';
import type { Transition } from '@statecraft/schema';
import { Link, useParams } from 'react-router-dom';
import type { Condition } from '../api/types.ts';
import { useAuth } from '../auth/useAuth.ts';
import { BatchBar } from '../components/BatchBar.tsx';
import { BatchResults } from '../components/BatchResults.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { FilterBar } from '../components/FilterBar.tsx';
import { RecordTable } from '../components/RecordTable.tsx';
import { ViewTabs, type ActiveView } from '../components/ViewTabs.tsx';
import { useAppModel } from '../definition/useAppModel.ts';
import { useAlertedIds } from '../hooks/useAlertedIds.ts';
import { useBatchTransition } from '../hooks/useBatchTransition.ts';
import { useRecordList } from '../hooks/useRecordList.ts';
import { useSavedViews } from '../hooks/useSavedViews.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { emptyFilterState, toConditions, type FilterState } from '../list/filter-state.ts';

/** An entity's list, generated from its definition: views, filters, keyset pages, selection and batch transitions. */
export function ListPage() {
  const { entity: entityId = '' } = useParams();
  const model = useAppModel();
  const { user } = useAuth();
  const { t, tx } = useI18n();
  const entity = model.entity(entityId);
  const workflow = model.workflowOf(entityId);
  const [filters, setFilters] = useState<FilterState | null>(null);
  const [view, setView] = useState<ActiveView>({ key: 'all', filters: [] });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [pending, setPending] = useState<Transition | null>(null);
  // Titles of the records a batch ran on: after it, they may have left the filtered list.
  const [batchTitles, setBatchTitles] = useState<Map<number, string>>(new Map());
  const saved = useSavedViews(model.appId, entityId);
  const batch = useBatchTransition(model.appId, entityId);

  useEffect(() => {
    if (entity) setFilters(emptyFilterState(entity));
    setView({ key: 'all', filters: [] });
    setSelected(new Set());
  }, [entity]);

  const alerted = useAlertedIds(model.appId, entityId, !!filters?.hasAlert);
  const conditions = useMemo<Condition[]>(() => {
    if (!entity || !filters) return [];
    const own = toConditions(entity, workflow?.stateField, filters);
    const extra: Condition[] = filters.hasAlert ? [{ field: 'id', op: 'in', value: alerted ?? [] }] : [];
    return [...view.filters, ...own, ...extra];
  }, [entity, workflow, filters, view, alerted]);
  const sortSpec = view.sort ?? entity?.list?.defaultSort;
  const sort = sortSpec ? `${sortSpec.direction === 'desc' ? '-' : ''}${sortSpec.field}` : '-id';
  const list = useRecordList(model.appId, entityId, conditions, sort);

  if (!entity || !user || !filters) return <div className="page-error">{t('record.notFound')}</div>;

  const transitions = model.manualTransitions(entityId, user);
  const selectedRecords = list.items.filter((r) => selected.has(r.id));
  const selectedStates = new Set(selectedRecords.map((r) => String(r.data[workflow?.stateField ?? ''])));
  const batchable = transitions.filter((tr) => [...selectedStates].some((s) => tr.from.includes(s)));
  const titleOf = (r: (typeof list.items)[number]) => String(r.data[entity.titleField ?? 'id'] ?? `#${r.id}`);

  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const toggleAll = () => setSelected(list.items.every((r) => selected.has(r.id)) ? new Set() : new Set(list.items.map((r) => r.id)));
  const runBatch = async (tr: Transition) => {
    setPending(null);
    setBatchTitles(new Map(selectedRecords.map((r) => [r.id, titleOf(r)])));
    await batch.run(tr.id, selectedRecords.map((r) => ({ id: r.id, version: r.version })));
    setSelected(new Set());
    list.reload();
  };

  return (
    <div className="page list-page">
      <header className="page-head">
        <h1>{tx(entity.label)}</h1>
        {list.count !== null && <span className="muted" data-testid="list-count">{t('list.count', { n: list.count })}</span>}
        {model.mayCreate(entityId, user) && (
          <Link className="button primary" to={`/e/${entityId}/new`}>
            {t('list.new')}
          </Link>
        )}
      </header>
      <ViewTabs
        entity={entity}
        user={user}
        saved={saved}
        active={view.key}
        onSelect={(v) => {
          setView(v);
          setSelected(new Set());
        }}
        onSaveCurrent={(name) => void saved.save(name, conditions.filter((c) => c.field !== 'id'), sortSpec ? { field: sortSpec.field, direction: sortSpec.direction ?? 'asc' } : null)}
      />
      <FilterBar
        entity={entity}
        workflow={workflow}
        value={filters}
        onChange={(f) => {
          setFilters(f);
          setSelected(new Set());
        }}
      />
      <BatchBar count={selectedRecords.length} transitions={batchable} busy={batch.busy} onRun={(tr) => setPending(tr)} />
      {batch.result && <BatchResults result={batch.result} titles={batchTitles} onClose={batch.clear} />}
      {list.error && <div className="error-box">{list.error.message}</div>}
      <RecordTable entity={entity} workflow={workflow} items={list.items} selected={transitions.length > 0 ? selected : null} onToggle={toggle} onToggleAll={toggleAll} />
      {!list.loading && list.items.length === 0 && <p className="muted empty">{t('list.empty')}</p>}
      <footer className="pager">
        <button type="button" disabled={list.page === 1} onClick={list.first}>{t('list.first')}</button>
        <span>{list.page}</span>
        <button type="button" disabled={!list.hasNext} onClick={list.next} data-testid="next-page">{t('list.next')}</button>
        {list.loading && <span className="muted">{t('list.loading')}</span>}
      </footer>
      {pending && (
        <ConfirmDialog
          message={`${pending.confirm ? `${tx(pending.confirm)}\n` : ''}${t('batch.confirm', { n: selectedRecords.length, label: tx(pending.label) })}`}
          onCancel={() => setPending(null)}
          onConfirm={() => void runBatch(pending)}
        />
      )}
    </div>
  );
}
