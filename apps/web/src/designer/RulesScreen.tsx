import { useState } from 'react';
import type { Rule } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import type { MessageKey } from '../i18n/messages.zh-CN.ts';
import { ActionList } from './ActionList.tsx';
import { ConditionEditor } from './ConditionEditor.tsx';
import { freshId } from './draft-edits.ts';
import { I18nInput } from './I18nInput.tsx';
import { IdInput } from './IdInput.tsx';
import { useDesignerEntity } from './useDesignerEntity.ts';
import { useDraft } from './useDraft.ts';

/** Alert rules of the entity: list with enable/disable, add, and the selected rule's editor. */
export function RulesScreen() {
  const { definition, edit, problemIndex } = useDraft();
  const { entity } = useDesignerEntity();
  const { t, tx } = useI18n();
  const rules = (definition.rules ?? []).filter((r) => r.entity === entity.id);
  const [selected, setSelected] = useState<string | null>(null);
  const rule = rules.find((r) => r.id === selected);
  const wf = definition.workflows.find((w) => w.entity === entity.id);
  const update = (id: string, change: (r: Rule) => Rule) => edit((d) => (d.rules = (d.rules ?? []).map((r) => (r.id === id ? change(r) : r))));
  const set = <K extends keyof Rule>(key: K, value: Rule[K] | undefined) =>
    rule &&
    update(rule.id, (r) => {
      const next = { ...r, [key]: value };
      if (value === undefined) delete next[key];
      return next;
    });
  return (
    <div className="rules-screen">
      <div className="rules-list">
        <div className="row">
          <button type="button" className="primary" onClick={() => {
            const id = freshId('rule', (definition.rules ?? []).map((r) => r.id));
            edit((d) => {
              d.rules ??= [];
              d.rules.push({ id, label: { 'zh-CN': '新规则', en: 'New rule' }, entity: entity.id, on: { event: 'created' }, condition: true, severity: 'warning', actions: [{ type: 'raise_alert', code: id, severity: 'warning', message: { 'zh-CN': '请检查' } }] });
            });
            setSelected(id);
          }}>+ {t('designer.rule.add')}</button>
        </div>
        <table className="records">
          <thead><tr><th>{t('designer.rule.enabled')}</th><th>{t('designer.tab.rules')}</th><th>{t('designer.rule.on')}</th><th>{t('designer.rule.severity')}</th></tr></thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} className={`${selected === r.id ? 'on' : ''}${problemIndex.has(`rule:${r.id}`) ? ' has-problem' : ''}`} data-rule={r.id}>
                <td><input type="checkbox" aria-label={`${t('designer.rule.enabled')} ${tx(r.label)}`} checked={r.enabled !== false} onChange={(e) => update(r.id, (x) => ({ ...x, enabled: e.target.checked }))} /></td>
                <td><button type="button" className="link" onClick={() => setSelected(r.id)}>{problemIndex.has(`rule:${r.id}`) ? '⚠ ' : ''}{tx(r.label)}</button> <small className="mono muted">{r.id}</small></td>
                <td>{t(`designer.rule.on.${r.on.event}` as MessageKey)}{r.on.state ? ` → ${tx(wf?.states.find((s) => s.id === r.on.state)?.label) || r.on.state}` : ''}</td>
                <td><span className={`tag sev-${r.severity}`}>{t(`designer.severity.${r.severity}` as MessageKey)}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="side-panel wide">
        {rule ? (
          <div className="panel-body" data-testid="rule-editor" key={rule.id}>
            {(problemIndex.get(`rule:${rule.id}`) ?? []).map((p, i) => <div key={i} className="field-error" role="alert">{p.message}</div>)}
            <IdInput label={t('designer.field.id')} name="rule-id" value={rule.id} taken={(definition.rules ?? []).map((r) => r.id)} onCommit={(id) => {
              update(rule.id, (r) => ({ ...r, id }));
              setSelected(id);
            }} />
            <I18nInput name="rule-label" value={rule.label} onChange={(v) => v && set('label', v)} />
            <div className="row">
              <label><span>{t('designer.rule.on')}</span>
                <select name="rule-on" value={rule.on.event} onChange={(e) => set('on', { event: e.target.value as Rule['on']['event'] })}>
                  {(['created', 'updated', 'transition'] as const).map((x) => <option key={x} value={x}>{t(`designer.rule.on.${x}` as MessageKey)}</option>)}
                </select>
              </label>
              {rule.on.event === 'transition' && wf && (
                <>
                  <label><span>{t('designer.transition')}</span>
                    <select name="rule-transition" value={rule.on.transition ?? ''} onChange={(e) => set('on', { ...rule.on, transition: e.target.value || undefined })}>
                      <option value="">{t('designer.rule.anyTransition')}</option>
                      {wf.transitions.map((x) => <option key={x.id} value={x.id}>{tx(x.label)} ({x.id})</option>)}
                    </select>
                  </label>
                  <label><span>{t('designer.rule.state')}</span>
                    <select name="rule-state" value={rule.on.state ?? ''} onChange={(e) => set('on', { ...rule.on, state: e.target.value || undefined })}>
                      <option value="">{t('designer.rule.anyState')}</option>
                      {wf.states.map((s) => <option key={s.id} value={s.id}>{tx(s.label)} ({s.id})</option>)}
                    </select>
                  </label>
                </>
              )}
              <label><span>{t('designer.rule.severity')}</span>
                <select name="rule-severity" value={rule.severity} onChange={(e) => set('severity', e.target.value as Rule['severity'])}>
                  {(['info', 'warning', 'critical'] as const).map((x) => <option key={x} value={x}>{t(`designer.severity.${x}` as MessageKey)}</option>)}
                </select>
              </label>
            </div>
            <fieldset>
              <legend>{t('designer.rule.condition')}</legend>
              <ConditionEditor name={`rule-${rule.id}-condition`} entity={entity.id} fields={entity.fields} value={rule.condition} problems={(problemIndex.get(`rule:${rule.id}`) ?? []).filter((p) => p.path.includes('/condition')).map((p) => p.message)} onChange={(c) => set('condition', (c === undefined ? true : c) as Rule['condition'])} />
            </fieldset>
            <fieldset>
              <legend>{t('designer.transition.actions')}</legend>
              <ActionList actions={rule.actions} problems={problemIndex.get(`rule:${rule.id}`) ?? []} onChange={(a) => set('actions', a)} />
            </fieldset>
            <button type="button" className="danger" onClick={() => {
              edit((d) => (d.rules = (d.rules ?? []).filter((r) => r.id !== rule.id)));
              setSelected(null);
            }}>{t('designer.rule.delete')}</button>
          </div>
        ) : (
          <div className="muted">{t('designer.rule.select')}</div>
        )}
      </div>
    </div>
  );
}
