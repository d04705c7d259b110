import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { ApiError } from '../api/api-error.ts';
import { useI18n } from '../i18n/useI18n.ts';
import type { DefinitionProblem } from './problem-map.ts';
import { ProblemList } from './ProblemList.tsx';
import { useDefinitionDiff } from './useDefinitionDiff.ts';
import { useDraft } from './useDraft.ts';
import { VersionDiff } from './VersionDiff.tsx';

/**
 * Publish: the draft is saved and checked first; the validation report and the changes since the
 * latest version are shown; publishing is refused (button disabled, and by the server with 422)
 * while there are errors.
 */
export function PublishScreen() {
  const { appId, definition, problems, flush, latestVersion, refreshVersions, status } = useDraft();
  const { t } = useI18n();
  const [checked, setChecked] = useState(0);
  const [note, setNote] = useState('');
  const [destructive, setDestructive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const [refused, setRefused] = useState<ApiError | null>(null);
  useEffect(() => {
    void flush().then(() => setChecked((n) => n + 1), () => undefined);
  }, [flush]);
  const { diff } = useDefinitionDiff(appId, latestVersion ? String(latestVersion) : null, checked ? 'draft' : null, checked);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const publish = async () => {
    setBusy(true);
    setRefused(null);
    setDone(null);
    try {
      await flush();
      const res = await api<{ version: number }>('POST', `/api/apps/${encodeURIComponent(appId)}/definition/publish`, { note: note || undefined, allowDestructive: destructive });
      setDone(res.version);
      await refreshVersions();
      setChecked((n) => n + 1);
    } catch (e) {
      if (e instanceof ApiError) setRefused(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="publish-screen">
      <div className="publish-main">
        <div className="row">
          <h3>{t('designer.publish.report')}</h3>
          <span className={errors ? 'tag sev-critical' : 'tag sev-info'} data-testid="problem-count">{t('designer.problems', { errors, warnings: problems.length - errors })}</span>
          <button type="button" disabled={status === 'saving'} onClick={() => void flush().then(() => setChecked((n) => n + 1))}>{t('designer.publish.check')}</button>
        </div>
        <ProblemList problems={problems} definition={definition} />
        {latestVersion !== null && diff && (
          <>
            <h3>{t('designer.publish.changes', { n: latestVersion })}</h3>
            <VersionDiff diff={diff} />
          </>
        )}
      </div>
      <div className="side-panel">
        <label className="block"><span>{t('designer.publish.note')}</span><textarea name="publish-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} /></label>
        <label className="check"><input type="checkbox" checked={destructive} onChange={(e) => setDestructive(e.target.checked)} />{t('designer.publish.destructive')}</label>
        {errors > 0 && <div className="error-box" data-testid="publish-refused-hint">{t('designer.publish.refused')}</div>}
        <button type="button" className="primary" data-testid="publish" disabled={busy || errors > 0 || status === 'saving'} onClick={() => void publish()}>{t('designer.publish.go')}</button>
        {done !== null && <div className="info-box" data-testid="published">{t('designer.publish.done', { n: done })}</div>}
        {refused && (
          <div className="error-box" data-testid="publish-error">
            {refused.code}: {refused.message}
            {refused.problems.map((p, i) => <div key={i} className="small">{p.path}: {p.message}</div>)}
          </div>
        )}
      </div>
    </div>
  );
}
