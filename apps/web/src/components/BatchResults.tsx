import type { BulkResult } from '../api/types.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** What a batch transition did, record by record: success, or the server's reason. */
export function BatchResults({ result, titles, onClose }: { result: BulkResult; titles: Map<number, string>; onClose(): void }) {
  const { t } = useI18n();
  return (
    <section className="batch-results" data-testid="batch-results" aria-live="polite">
      <header>
        <strong data-testid="batch-summary">{t('batch.done', { ok: result.succeeded, failed: result.failed })}</strong>
        <button type="button" className="link" onClick={onClose}>{t('batch.close')}</button>
      </header>
      <ul>
        {result.results.map((r) => (
          <li key={r.id} className={r.ok ? 'ok' : 'failed'} data-result={r.ok ? 'ok' : 'failed'}>
            <span>{titles.get(r.id) ?? `#${r.id}`}</span>
            <span>{r.ok ? t('batch.ok') : `${t('batch.failed')}：${r.error?.message ?? ''}`}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
