import type { Transition } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';

/** The transitions the user may take on the selected records, as batch buttons (批量审核 …). */
export function BatchBar({ count, transitions, busy, onRun }: { count: number; transitions: Transition[]; busy: boolean; onRun(t: Transition): void }) {
  const { t, tx } = useI18n();
  if (count === 0) return null;
  return (
    <div className="batchbar" role="toolbar" aria-label={t('batch.title')}>
      <span data-testid="selected-count">{t('list.selected', { n: count })}</span>
      {transitions.map((tr) => (
        <button key={tr.id} type="button" className="primary" disabled={busy} data-batch={tr.id} onClick={() => onRun(tr)}>
          {t('batch.run', { label: tx(tr.label) })}
        </button>
      ))}
      {busy && <span>{t('batch.running')}</span>}
    </div>
  );
}
