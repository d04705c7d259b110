import { useState } from 'react';
import { api } from '../api/client.ts';
import type { ApiError } from '../api/api-error.ts';
import type { Reconciliation, RetryReport, StockLevel, WmsSyncRun } from '../api/types.ts';
import { SkuPanel } from '../components/SkuPanel.tsx';
import { useAppModel } from '../definition/useAppModel.ts';
import { formatDateTime } from '../format/datetime.ts';
import { shortageKey, useStockList } from '../hooks/useStockList.ts';
import { useI18n } from '../i18n/useI18n.ts';

/**
 * The central stock pool: availability per SKU (on hand, reserved, safety stock, available,
 * presale) with the records short of each, a SKU's reservations and movements on click, and —
 * for the roles the server lets manage stock — adjustments, re-trying short orders and the WMS
 * sync. Reconciliation is open to every reader.
 */
export function StockPage() {
  const model = useAppModel();
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [prefix, setPrefix] = useState('');
  const [onlyShort, setOnlyShort] = useState(false);
  const [open, setOpen] = useState<StockLevel | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useStockList(model.appId, prefix, onlyShort);
  const base = `/api/apps/${encodeURIComponent(model.appId)}/stock`;

  const act = async (run: () => Promise<{ ok: boolean; text: string }>) => {
    setBusy(true);
    try {
      setMessage(await run());
      list.reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as ApiError).message });
    } finally {
      setBusy(false);
    }
  };
  const retry = () =>
    act(async () => {
      const r = await api<RetryReport>('POST', `${base}/retry`, {});
      return { ok: true, text: t('stock.retried', { tried: r.tried, reserved: r.reserved.length, short: r.stillShort.length, skipped: r.skipped.length }) };
    });
  const reconcile = () =>
    act(async () => {
      const r = await api<Reconciliation>('GET', `${base}/reconciliation`);
      return r.ok
        ? { ok: true, text: t('stock.reconciled', { checked: r.checked }) }
        : { ok: false, text: t('stock.reconcileFailed', { mismatches: r.mismatches.length, over: r.overReserved.length, orphans: r.orphans.length }) };
    });
  const wmsSync = () =>
    act(async () => {
      const r = await api<WmsSyncRun>('POST', `${base}/wms-sync`);
      return r.status === 'failed'
        ? { ok: false, text: t('stock.wmsFailed', { error: r.error ?? '' }) }
        : { ok: true, text: t('stock.wmsSynced', { status: t(`intake.status.${r.status === 'ok' ? 'ok' : 'partial'}`), seen: r.skusSeen, changed: r.skusChanged, drift: r.driftUnits }) };
    });

  return (
    <div className="page stock-page">
      <header className="page-head">
        <h1>{t('stock.title')}</h1>
        <div className="head-actions">
          <button type="button" onClick={() => void reconcile()} disabled={busy} data-testid="reconcile">{t('stock.reconcile')}</button>
          {list.mayManage && (
            <>
              <button type="button" onClick={() => void retry()} disabled={busy} data-testid="retry-short">{t('stock.retry')}</button>
              <button type="button" onClick={() => void wmsSync()} disabled={busy} data-testid="wms-sync">{t('stock.wmsSync')}</button>
            </>
          )}
        </div>
      </header>
      <form
        className="filterbar"
        onSubmit={(e) => {
          e.preventDefault();
          setPrefix(search.trim());
        }}
      >
        <div className="filterbar-row">
        <div className="search">
          <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('stock.search')} aria-label={t('stock.search')} data-testid="stock-search" />
          <button type="submit">{t('list.search')}</button>
        </div>
        <label className="filter check">
          <input type="checkbox" checked={onlyShort} onChange={(e) => setOnlyShort(e.target.checked)} data-testid="only-short" />
          {t('stock.onlyShort')}
        </label>
        </div>
      </form>
      {message && <div className={message.ok ? 'info-box' : 'error-box'} data-testid="stock-message">{message.text}</div>}
      {list.error && <div className="error-box">{list.error.message}</div>}
      {open && (
        <SkuPanel
          key={`${open.warehouse}/${open.sku}`}
          level={open}
          mayManage={list.mayManage}
          onClose={() => setOpen(null)}
          onChanged={(text) => {
            setMessage({ ok: true, text });
            list.reload();
          }}
        />
      )}
      <div className="table-wrap">
        <table className="records stock-table" data-testid="stock-table">
          <thead>
            <tr>
              <th>{t('stock.sku')}</th>
              <th className="num">{t('stock.onHand')}</th>
              <th className="num">{t('stock.reserved')}</th>
              <th className="num">{t('stock.available')}</th>
              <th className="num hide-phone">{t('stock.safety')}</th>
              <th>{t('stock.waiting')}</th>
              <th className="hide-phone">{t('stock.presale')}</th>
              <th className="hide-phone">{t('stock.warehouse')}</th>
              <th className="hide-phone">{t('stock.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((s) => {
              const short = list.shortages.get(shortageKey(s.sku, s.warehouse));
              const out = s.available <= 0 && !s.presale.enabled;
              return (
                <tr key={`${s.warehouse}/${s.sku}`} data-sku={s.sku} className={[short || out ? 'short' : '', open?.sku === s.sku && open.warehouse === s.warehouse ? 'on' : ''].join(' ').trim() || undefined}>
                  <td>
                    <button type="button" className="link sku-link" onClick={() => setOpen(s)}>{s.sku}</button>
                  </td>
                  <td className="num" data-col="onHand">{s.onHand}</td>
                  <td className="num" data-col="reserved">{s.reserved}</td>
                  <td className="num" data-col="available"><b className={out ? 'short-text' : undefined}>{s.available}</b></td>
                  <td className="num hide-phone">{s.safetyStock}</td>
                  <td data-col="waiting">{short ? <span className="tag short-tag">{t('stock.waitingN', { n: short.records, units: short.requested })}</span> : <span className="muted">—</span>}</td>
                  <td className="hide-phone">{s.presale.enabled ? t('stock.presaleOn', { cap: s.presale.cap, date: s.presale.shipDate ?? '—' }) : <span className="muted">—</span>}</td>
                  <td className="hide-phone">{s.warehouse}</td>
                  <td className="hide-phone">{formatDateTime(s.updatedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {!list.loading && list.items.length === 0 && <p className="muted empty">{t('stock.empty')}</p>}
      <footer className="pager">
        {list.hasMore && <button type="button" onClick={list.more} data-testid="stock-more">{t('list.next')}</button>}
        {list.loading && <span className="muted">{t('list.loading')}</span>}
      </footer>
    </div>
  );
}
