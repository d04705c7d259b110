import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import type { StockLevel } from '../api/types.ts';
import { useAppModel } from '../definition/useAppModel.ts';
import { formatDateTime } from '../format/datetime.ts';
import { useSkuDetail } from '../hooks/useSkuDetail.ts';
import { useI18n } from '../i18n/useI18n.ts';
import type { MessageKey } from '../i18n/messages.zh-CN.ts';
import { StockAdjustForm } from './StockAdjustForm.tsx';

/** One SKU opened from the stock list: who holds it, who waits for it, its movements and (for those who restock) the adjustment form. */
export function SkuPanel({ level, mayManage, onClose, onChanged }: { level: StockLevel; mayManage: boolean; onClose(): void; onChanged(message: string): void }) {
  const model = useAppModel();
  const { t, tx } = useI18n();
  const titleField = useCallback((entity: string) => model.entity(entity)?.titleField, [model]);
  const detail = useSkuDetail(model.appId, level.sku, level.warehouse, titleField);
  const recordLink = (entity: string, id: number) => (
    <Link to={`/e/${entity}/${id}`}>
      {detail.titles.get(`${entity}:${id}`) ?? `#${id}`}
      {model.entity(entity) && <small className="muted"> · {tx(model.entity(entity)!.label)}</small>}
    </Link>
  );
  return (
    <section className="panel sku-panel" data-testid="sku-panel" data-sku={level.sku}>
      <header className="sku-panel-head">
        <h2>{t('stock.holders', { sku: level.sku })}</h2>
        <button type="button" className="link" onClick={onClose}>{t('stock.close')}</button>
      </header>
      {detail.error && <div className="error-box">{detail.error.message}</div>}
      <h3>{t('stock.reservations')}</h3>
      {detail.holders.reservations.length === 0 ? (
        <p className="muted">{t('stock.noReservations')}</p>
      ) : (
        <div className="table-wrap">
          <table className="records" data-testid="reservations">
            <thead>
              <tr>
                <th>{t('stock.record')}</th>
                <th>{t('stock.line')}</th>
                <th>{t('stock.qty')}</th>
                <th>{t('stock.status')}</th>
                <th>{t('stock.since')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.holders.reservations.map((r) => (
                <tr key={r.id} data-reservation={r.id}>
                  <td>{recordLink(r.entity, r.recordId)}</td>
                  <td>{r.lineKey}</td>
                  <td className="num">{r.qty}{r.presale && <span className="tag presale"> {t('stock.presale')}</span>}</td>
                  <td><span className={`tag res-${r.status}`}>{t(`stock.status.${r.status}` as MessageKey)}</span></td>
                  <td>{formatDateTime(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {detail.holders.shortages.length > 0 && (
        <>
          <h3 className="short-text">{t('stock.shortages')}</h3>
          <ul className="plain-list" data-testid="sku-shortages">
            {detail.holders.shortages.map((s) => (
              <li key={`${s.entity}:${s.recordId}`}>
                {recordLink(s.entity, s.recordId)} — {t('stock.requested')} {s.requested} / {t('stock.available')} {s.available} · {formatDateTime(s.at)}
              </li>
            ))}
          </ul>
        </>
      )}
      {mayManage && <StockAdjustForm appId={model.appId} stock={detail.stock ?? level} onDone={(m) => { detail.reload(); onChanged(m); }} />}
      {detail.movements.length > 0 && (
        <>
          <h3>{t('stock.movements')}</h3>
          <ul className="plain-list movements">
            {detail.movements.slice(0, 20).map((m) => (
              <li key={m.id}>
                <span className="muted">{formatDateTime(m.at)}</span> {t(`stock.kind.${m.kind}` as MessageKey)} <b className={m.delta < 0 ? 'short-text' : 'ok-text'}>{m.delta > 0 ? `+${m.delta}` : m.delta}</b> → {m.onHandAfter}
                {m.reason && <span> · {m.reason}</span>}
                {m.actor && <span className="muted"> · {m.actor}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
