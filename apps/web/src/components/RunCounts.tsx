import type { IntakeCounts } from '../api/types.ts';
import { useI18n } from '../i18n/useI18n.ts';

const KEYS = ['fetched', 'new', 'updated', 'skipped', 'failed'] as const;

/** An intake run's counts: fetched, new, updated, skipped, failed (failures in red when any). */
export function RunCounts({ counts }: { counts: IntakeCounts }) {
  const { t } = useI18n();
  return (
    <dl className="run-counts">
      {KEYS.map((k) => (
        <div key={k} className={k === 'failed' && counts.failed > 0 ? 'bad' : undefined} data-count={k}>
          <dt>{t(`intake.count.${k}`)}</dt>
          <dd>{counts[k]}</dd>
        </div>
      ))}
    </dl>
  );
}
