import { useMemo, useState } from 'react';
import { api, recordsPath } from '../api/client.ts';
import type { RecordEnvelope } from '../api/types.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { useDesignerEntity } from './useDesignerEntity.ts';
import { useDraft } from './useDraft.ts';
import { useTryIt } from './useTryIt.ts';

/** A plausible sample for an entity: each field's default, the first option of enums. */
function sampleOf(fields: { id: string; type: string; default?: unknown; options?: { value: string }[] }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.default !== undefined) out[f.id] = f.default;
    else if (f.type === 'enum' && f.options?.length) out[f.id] = f.options[0]!.value;
  }
  return out;
}

/** Try it: a sample record (typed, or loaded from a real one), a command, and what would happen. */
export function TryScreen() {
  const { definition, appId, flush } = useDraft();
  const { entity } = useDesignerEntity();
  const { t, tx } = useI18n();
  const wf = definition.workflows.find((w) => w.entity === entity.id);
  const [text, setText] = useState(() => JSON.stringify({ ...sampleOf(entity.fields as never), ...(wf ? { [wf.stateField]: wf.states.find((s) => s.kind === 'initial')?.id } : {}) }, null, 2));
  const [kind, setKind] = useState<'create' | 'transition' | 'event'>(wf ? 'transition' : 'create');
  const [transition, setTransition] = useState(wf?.transitions[0]?.id ?? '');
  const events = useMemo(() => [...new Set((wf?.transitions ?? []).flatMap((x) => (x.event ? [x.event] : [])))], [wf]);
  const [event, setEvent] = useState(events[0] ?? '');
  const [roles, setRoles] = useState<string[]>([]);
  const [recordId, setRecordId] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const { result, error, running, run } = useTryIt(appId);
  const stateLabel = (id: string | null) => (id ? `${tx(wf?.states.find((s) => s.id === id)?.label) || id} (${id})` : '—');

  const load = async () => {
    const rec = await api<RecordEnvelope>('GET', `${recordsPath(appId, entity.id)}/${Number(recordId)}`);
    setText(JSON.stringify(rec.data, null, 2));
  };
  const go = async () => {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(text) as Record<string, unknown>;
      setParseError(null);
    } catch (e) {
      setParseError((e as Error).message);
      return;
    }
    await flush().catch(() => undefined);
    await run({ entity: entity.id, command: kind === 'create' ? { kind } : kind === 'transition' ? { kind, transition } : { kind, event }, sample: { data }, ...(roles.length ? { roles } : {}) });
  };
  return (
    <div className="try-screen">
      <div className="try-input">
        <p className="muted small">{t('designer.try.note')}</p>
        <div className="row">
          <label><span>{t('designer.try.fromRecord')}</span><input type="number" min={1} value={recordId} onChange={(e) => setRecordId(e.target.value)} name="try-record-id" /></label>
          <button type="button" disabled={!recordId} onClick={() => void load()}>{t('designer.try.load')}</button>
          {wf && (
            <label><span>{t('list.state')}</span>
              <select name="try-state" value={(() => { try { return String((JSON.parse(text) as Record<string, unknown>)[wf.stateField] ?? ''); } catch { return ''; } })()} onChange={(e) => {
                try {
                  setText(JSON.stringify({ ...(JSON.parse(text) as object), [wf.stateField]: e.target.value }, null, 2));
                } catch {
                  // keep the text as typed until it parses
                }
              }}>
                {wf.states.map((s) => <option key={s.id} value={s.id}>{tx(s.label)}</option>)}
              </select>
            </label>
          )}
        </div>
        <label className="block"><span>{t('designer.try.sample')}</span>
          <textarea name="try-sample" className="mono" rows={14} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={!!parseError || undefined} />
        </label>
        {parseError && <div className="field-error">{t('designer.cond.badJson', { msg: parseError })}</div>}
        <div className="row">
          <label><span>{t('designer.try.command')}</span>
            <select name="try-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="create">{t('designer.try.create')}</option>
              {wf && <option value="transition">{t('designer.try.transition')}</option>}
              {events.length > 0 && <option value="event">{t('designer.try.event')}</option>}
            </select>
          </label>
          {kind === 'transition' && wf && (
            <label><span>{t('designer.transition')}</span>
              <select name="try-transition" value={transition} onChange={(e) => setTransition(e.target.value)}>
                {wf.transitions.map((x) => <option key={x.id} value={x.id}>{tx(x.label)} ({x.id})</option>)}
              </select>
            </label>
          )}
          {kind === 'event' && (
            <label><span>{t('designer.transition.event')}</span>
              <select value={event} onChange={(e) => setEvent(e.target.value)}>{events.map((x) => <option key={x}>{x}</option>)}</select>
            </label>
          )}
        </div>
        <fieldset>
          <legend>{t('designer.try.roles')}</legend>
          <div className="multi">
            {definition.roles.map((r) => (
              <label key={r.id}><input type="checkbox" checked={roles.includes(r.id)} onChange={(e) => setRoles(e.target.checked ? [...roles, r.id] : roles.filter((x) => x !== r.id))} />{tx(r.label)}</label>
            ))}
          </div>
        </fieldset>
        <button type="button" className="primary" disabled={running} onClick={() => void go()} data-testid="try-run">{t('designer.try.run')}</button>
      </div>
      <div className="try-result" data-testid="try-result" aria-live="polite">
        <h3>{t('designer.try.result')}</h3>
        {error && <div className="error-box">{error.code}: {error.message}{error.problems.map((p) => `\n${p.path}: ${p.message}`).join('')}</div>}
        {result && !result.ok && (
          <div className="error-box" data-testid="try-refused">{t('designer.try.refused')} — {result.error.code}: {result.error.message}{result.error.hint ? `\n${result.error.hint}` : ''}</div>
        )}
        {result?.ok && (
          <div data-testid="try-ok">
            <div className="info-box">{t('designer.try.ok')}: {stateLabel(result.stateBefore)} → <strong data-testid="try-state-after">{stateLabel(result.stateAfter)}</strong></div>
            <h4>{t('designer.try.steps')}</h4>
            <ol>{result.steps.map((s, i) => <li key={i} className="mono">{s.transition}: {s.from} → {s.to} ({s.trigger})</li>)}</ol>
            {result.steps.length === 0 && <div className="muted">{t('designer.try.none')}</div>}
            <h4>{t('designer.try.rules')}</h4>
            <ul>{result.firedRules.map((r) => <li key={r.id} data-fired-rule={r.id}><span className={`tag sev-${r.severity}`}>{r.severity}</span> {tx(r.label as never) || r.id}</li>)}</ul>
            {result.firedRules.length === 0 && <div className="muted">{t('designer.try.none')}</div>}
            <h4>{t('designer.try.effects')}</h4>
            <ul>{result.effects.map((e, i) => <li key={i}><strong>{e.type}</strong> <code className="small">{JSON.stringify({ ...e, type: undefined }).slice(0, 160)}</code></li>)}</ul>
            {result.effects.length === 0 && <div className="muted">{t('designer.try.none')}</div>}
            <h4>{t('designer.try.changed')}</h4>
            <div className="mono small">{result.changed.join(', ') || t('designer.try.none')}</div>
          </div>
        )}
      </div>
    </div>
  );
}
