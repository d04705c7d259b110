import { useRef, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { IntakeCounts } from '../api/types.ts';
import { useI18n } from '../i18n/useI18n.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Manual import of an Excel or CSV order file: all rows or none, the problems listed per row. */
export function OrderFileImport({ appId, onImported }: { appId: string; onImported(): void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string; rows?: string[] } | null>(null);
  const upload = async (file: File) => {
    setBusy(true);
    setResult(null);
    const xlsx = file.name.toLowerCase().endsWith('.xlsx');
    try {
      const res = await fetch(`/api/apps/${encodeURIComponent(appId)}/intake/import?format=${xlsx ? 'xlsx' : 'csv'}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': xlsx ? XLSX : 'text/csv', accept: 'application/json' },
        body: file,
      });
      const body = (await res.json().catch(() => ({}))) as { counts?: IntakeCounts; error?: { code: string; message: string; rows?: { row: number; message: string }[] } };
      if (!res.ok || !body.counts) {
        const e = body.error;
        throw Object.assign(new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText), { rows: e?.rows ?? [] });
      }
      setResult({ ok: true, text: t('intake.imported', { fetched: body.counts.fetched, new: body.counts.new, updated: body.counts.updated, skipped: body.counts.skipped }) });
      onImported();
    } catch (e) {
      const rows = ((e as { rows?: { row: number; message: string }[] }).rows ?? []).map((r) => t('intake.importRow', { row: r.row, message: r.message }));
      setResult({ ok: false, text: (e as Error).message, rows });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <section className="panel import-panel">
      <h2>{t('intake.import')}</h2>
      <p className="muted small">{t('intake.importHint')}</p>
      {/* The browser's own file button speaks the browser's language; this label speaks the workspace's. */}
      <label className={busy ? 'button disabled' : 'button'}>
        {t('intake.importFile')}
        <input
          ref={input}
          type="file"
          className="visually-hidden"
          accept=".csv,.xlsx,text/csv"
          disabled={busy}
          data-testid="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
          }}
        />
      </label>
      {result && (
        <div className={result.ok ? 'info-box' : 'error-box'} data-testid="import-result">
          {result.text}
          {result.rows && result.rows.length > 0 && <ul className="plain-list">{result.rows.slice(0, 20).map((r) => <li key={r}>{r}</li>)}</ul>}
        </div>
      )}
    </section>
  );
}
