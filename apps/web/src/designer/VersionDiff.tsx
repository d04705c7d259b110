import { useI18n } from '../i18n/useI18n.ts';
import type { MessageKey } from '../i18n/messages.zh-CN.ts';
import type { DefinitionDiff } from './useDefinitionDiff.ts';

const GROUPS = ['fields', 'states', 'transitions', 'rules'] as const;

/** A diff shown by kind of item: added (green), removed (red), changed (amber, with what changed). */
export function VersionDiff({ diff }: { diff: DefinitionDiff }) {
  const { t, tx } = useI18n();
  const total = GROUPS.reduce((n, g) => n + diff[g].length, 0);
  if (total === 0) return <div className="muted" data-testid="diff-empty">{t('designer.versions.same')}</div>;
  return (
    <div className="version-diff" data-testid="version-diff">
      {GROUPS.map((g) => (
        <section key={g} className="diff-group">
          <h4>{t(`designer.versions.${g}` as MessageKey)} <small className="muted">{diff[g].length}</small></h4>
          <ul>
            {diff[g].map((c) => (
              <li key={`${c.kind}${c.key}`} className={`diff-${c.kind}`} data-diff={`${c.kind}:${c.key}`}>
                <span className="diff-mark">{c.kind === 'added' ? '+' : c.kind === 'removed' ? '−' : '~'}</span>
                <span>{t(`designer.versions.${c.kind}` as MessageKey)}</span>
                <strong>{tx(c.label as never) || c.key}</strong>
                <small className="mono muted">{c.key}</small>
                {c.changedKeys && <small className="mono">{c.changedKeys.join(', ')}</small>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
