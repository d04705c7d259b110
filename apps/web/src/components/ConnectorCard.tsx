import { useState } from 'react';
import { api } from '../api/client.ts';
import type { ApiError } from '../api/api-error.ts';
import type { IntakeConnector, IntakeRun } from '../api/types.ts';
import { formatDateTime } from '../format/datetime.ts';
import { useConnectorLog } from '../hooks/useConnectorLog.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { RunCounts } from './RunCounts.tsx';

const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso) : '—');

/** How one run went: status, start and end, window, counts and its first errors. */
function RunSummary({ run }: { run: IntakeRun }) {
  const { t } = useI18n();
  return (
    <div className="run-summary" data-testid="last-run" data-status={run.status}>
      <div className="run-head">
        <span className={`tag run-${run.status}`}>{t(`intake.status.${run.status}`)}</span>
        <span className="muted small">{t('intake.took', { start: when(run.startedAt), end: run.finishedAt ? when(run.finishedAt) : t('intake.running') })}</span>
      </div>
      {(run.windowStart || run.windowEnd) && <div className="muted small">{t('intake.window', { from: when(run.windowStart), to: when(run.windowEnd) })}</div>}
      <RunCounts counts={run.counts} />
      {run.errors.length > 0 && (
        <ul className="plain-list run-errors">
          {run.errors.slice(0, 3).map((e, i) => (
            <li key={i} className="short-text small">{[e.code, e.message].filter(Boolean).join(': ') || JSON.stringify(e)}</li>
          ))}
          {run.errors.length > 3 && <li className="muted small">… {run.errors.length - 3}</li>}
        </ul>
      )}
    </div>
  );
}

/**
 * One intake connector: platform, shop tag, sandbox or live, schedule, last run; for channel
 * connectors "run now" (roles the server allows), the sync log and the dead windows with retry.
 */
export function ConnectorCard({ appId, connector, mayRun, onChanged }: { appId: string; connector: IntakeConnector; mayRun: boolean; onChanged(): void }) {
  const { t, tx } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const log = useConnectorLog(appId, connector.id, open || (connector.deadWindows ?? 0) > 0, version);
  const base = `/api/apps/${encodeURIComponent(appId)}/intake/connectors/${encodeURIComponent(connector.id)}`;
  const call = async (path: string) => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `${base}${path}`);
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
      onChanged();
    }
  };
  const channel = connector.kind === 'channel';
  return (
    <article className="panel connector" data-connector={connector.id}>
      <header className="connector-head">
        <h2>{tx(connector.label)}</h2>
        <span className="tag platform">{connector.platform}</span>
        {connector.tag && <span className="tag">{connector.tag}</span>}
        <span className={connector.sandbox ? 'tag sandbox' : 'tag live-tag'} data-testid={connector.sandbox ? 'sandbox' : undefined}>{connector.sandbox ? t('intake.sandbox') : t('intake.live')}</span>
        {!connector.enabled && <span className="tag short-tag">{t('intake.disabled')}</span>}
      </header>
      <div className="muted small connector-meta">
        {channel ? (
          <>
            {t('intake.every', { n: connector.everyMinutes ?? 10 })}
            {connector.nextRunAt && <> · {t('intake.nextRun', { time: when(connector.nextRunAt) })}</>}
          </>
        ) : (
          t('intake.webhook')
        )}
        {' · '}
        {connector.credentials.stored ? t('intake.credentials.stored') : connector.credentials.demo ? t('intake.credentials.demo') : t('intake.credentials.missing')}
      </div>
      {channel && (
        <>
          <h3>{t('intake.lastRun')}</h3>
          {connector.lastRun ? <RunSummary run={connector.lastRun} /> : <p className="muted">{t('intake.never')}</p>}
          {error && <div className="error-box">{error}</div>}
          <div className="connector-actions">
            {mayRun && (
              <button type="button" className="primary" disabled={busy || !connector.enabled} onClick={() => void call('/run')} data-testid="run-now">
                {busy ? t('intake.runningNow') : t('intake.runNow')}
              </button>
            )}
            <button type="button" onClick={() => setOpen(!open)} data-testid="toggle-log">{open ? t('intake.hideLog') : t('intake.log')}</button>
            {(connector.deadWindows ?? 0) > 0 && <span className="tag short-tag">{t('intake.dead', { n: connector.deadWindows ?? 0 })}</span>}
          </div>
          {log.error && <div className="error-box">{log.error.message}</div>}
          {log.dead.length > 0 && (
            <div className="dead-windows">
              <h3 className="short-text">{t('intake.deadTitle')}</h3>
              <ul className="plain-list">
                {log.dead.map((f) => (
                  <li key={f.id} data-failure={f.id}>
                    <span>{when(f.start)} – {when(f.end)}</span> <span className="muted small">{t('intake.attempts', { n: f.attempts })} · {f.lastError}</span>
                    {mayRun && (
                      <button type="button" disabled={busy} onClick={() => void call(`/failures/${f.id}/retry`)} data-testid="retry-window">
                        {t('intake.retry')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {open && (
            <div className="table-wrap">
              <table className="records run-log" data-testid="run-log">
                <thead>
                  <tr>
                    <th>{t('intake.started')}</th>
                    <th>{t('stock.status')}</th>
                    {(['fetched', 'new', 'updated', 'skipped', 'failed'] as const).map((k) => <th key={k} className="num">{t(`intake.count.${k}`)}</th>)}
                    <th>{t('intake.errors')}</th>
                  </tr>
                </thead>
                <tbody>
                  {log.runs.map((r) => (
                    <tr key={r.id} data-run={r.id}>
                      <td>{when(r.startedAt)}</td>
                      <td><span className={`tag run-${r.status}`}>{t(`intake.status.${r.status}`)}</span></td>
                      {(['fetched', 'new', 'updated', 'skipped', 'failed'] as const).map((k) => <td key={k} className="num">{r.counts[k]}</td>)}
                      <td className="small">{r.errors.length ? r.errors.map((e) => e.code ?? e.message).join(', ') : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </article>
  );
}
