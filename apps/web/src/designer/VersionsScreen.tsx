import { useEffect, useState } from 'react';
import { formatDateTime } from '../format/datetime.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { useDefinitionDiff } from './useDefinitionDiff.ts';
import { useDraft } from './useDraft.ts';
import { useVersions } from './useVersions.ts';
import { VersionDiff } from './VersionDiff.tsx';

/** Published versions, and a visual diff between any two of them (or the draft). */
export function VersionsScreen() {
  const { appId } = useDraft();
  const { t } = useI18n();
  const { versions } = useVersions(appId);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  useEffect(() => {
    if (versions.length && from === null) {
      setFrom(String(versions[1]?.version ?? versions[0]!.version));
      setTo(versions.length > 1 ? String(versions[0]!.version) : 'draft');
    }
  }, [versions, from]);
  const { diff, error } = useDefinitionDiff(appId, from, to);
  const choices = [...versions.map((v) => ({ value: String(v.version), label: `v${v.version}` })), { value: 'draft', label: t('designer.versions.draft') }];
  return (
    <div className="versions-screen">
      <table className="records">
        <thead><tr><th>v</th><th>{t('designer.versions.publishedAt')}</th><th>{t('designer.versions.by')}</th><th>{t('designer.publish.note')}</th></tr></thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-version={v.version}>
              <td>v{v.version}</td>
              <td>{formatDateTime(v.publishedAt)}</td>
              <td>{v.publishedBy ?? '—'}</td>
              <td>{v.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <label><span>{t('designer.versions.from')}</span>
          <select name="diff-from" value={from ?? ''} onChange={(e) => setFrom(e.target.value)}>{choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}</select>
        </label>
        <label><span>{t('designer.versions.to')}</span>
          <select name="diff-to" value={to ?? ''} onChange={(e) => setTo(e.target.value)}>{choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}</select>
        </label>
      </div>
      {error && <div className="error-box">{error}</div>}
      {diff && <VersionDiff diff={diff} />}
    </div>
  );
}
