import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, recordsPath } from '../api/client.ts';
import { ApiError } from '../api/api-error.ts';
import type { RecordEnvelope } from '../api/types.ts';
import { useAuth } from '../auth/useAuth.ts';
import { AlertList } from '../components/AlertList.tsx';
import { RecordForm } from '../components/RecordForm.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { TransitionButtons } from '../components/TransitionButtons.tsx';
import { useAppModel } from '../definition/useAppModel.ts';
import { useRecord } from '../hooks/useRecord.ts';
import { useI18n } from '../i18n/useI18n.ts';

/**
 * A record: the generated form (create and edit, the server's messages on the fields), the
 * state as a badge, the transitions this user may take, the record's alerts and its timeline.
 */
export function RecordPage() {
  const { entity: entityId = '', id: idParam = 'new' } = useParams();
  const creating = idParam === 'new';
  const id = creating ? null : Number(idParam);
  const model = useAppModel();
  const { user } = useAuth();
  const { t, tx } = useI18n();
  const navigate = useNavigate();
  const entity = model.entity(entityId);
  const workflow = model.workflowOf(entityId);
  const view = useRecord(model.appId, entityId, id);
  const [editing, setEditing] = useState(creating);
  const [draft, setDraft] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (view.record && !editing) setDraft(view.record.data);
  }, [view.record, editing]);

  if (!entity || !user) return <div className="page-error">{t('record.notFound')}</div>;
  if (view.error) return <div className="page-error">{view.error.message}</div>;
  if (!creating && !view.record) return <div className="page">{t('common.loading')}</div>;

  const record = view.record;
  const fail = (e: unknown) => {
    if (e instanceof ApiError) {
      setErrors(e.fieldMessages());
      setMessage(e.hint ? `${e.message} ${e.hint}` : e.message);
    } else setMessage(String(e));
  };
  const save = async () => {
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      if (creating) {
        const res = await api<{ record: RecordEnvelope }>('POST', recordsPath(model.appId, entityId), { data: draft });
        navigate(`/e/${entityId}/${res.record.id}`, { replace: true });
      } else if (record) {
        const patch: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(draft)) if (JSON.stringify(v) !== JSON.stringify(record.data[k]) && k !== workflow?.stateField) patch[k] = v;
        await api('PATCH', `${recordsPath(model.appId, entityId)}/${record.id}`, { version: record.version, data: patch });
        setEditing(false);
        setMessage(t('record.saved'));
        view.reload();
      }
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const fire = async (transition: string) => {
    if (!record) return;
    setBusy(true);
    setMessage(null);
    try {
      await api('POST', `${recordsPath(model.appId, entityId)}/${record.id}/transitions/${transition}`, { version: record.version });
      view.reload();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const title = creating ? t('record.new', { entity: tx(entity.label) }) : String(record?.data[entity.titleField ?? ''] ?? `#${record?.id}`);
  return (
    <div className="page record-page">
      <header className="page-head">
        <Link to={`/e/${entityId}`} className="link">
          ← {t('record.back')}
        </Link>
        <h1 data-testid="record-title">{title}</h1>
        {record && workflow && <StateBadge entity={entityId} state={record.data[workflow.stateField] as string} />}
      </header>
      {record?.hold && <div className="hold-banner">{t('record.hold', { reason: tx(record.hold.reason) })}</div>}
      {message && <div className={Object.keys(errors).length ? 'error-box' : 'info-box'} role="status">{message}</div>}
      <div className="record-layout">
        <main>
          {record && (
            <section className="panel">
              <h2>{t('record.transitions')}</h2>
              <TransitionButtons options={view.transitions} busy={busy} onFire={(tr) => void fire(tr)} />
            </section>
          )}
          <RecordForm entity={entity} data={draft} editing={editing} creating={creating} onChange={setDraft} errors={errors} />
          <div className="form-actions">
            {editing ? (
              <>
                <button type="button" className="primary" disabled={busy} onClick={() => void save()} data-testid="save">{t('record.save')}</button>
                {!creating && (
                  <button type="button" onClick={() => { setEditing(false); setErrors({}); }}>
                    {t('record.cancel')}
                  </button>
                )}
              </>
            ) : (
              model.mayUpdate(entityId, user) && <button type="button" onClick={() => setEditing(true)}>{t('record.edit')}</button>
            )}
          </div>
        </main>
        {record && (
          <aside>
            <section className="panel">
              <h2>{t('record.alerts')}</h2>
              <AlertList alerts={view.alerts} />
            </section>
            <section className="panel">
              <h2>{t('record.timeline')}</h2>
              <Timeline entity={entity} workflow={workflow} entries={view.timeline} />
            </section>
          </aside>
        )}
      </div>
    </div>
  );
}
