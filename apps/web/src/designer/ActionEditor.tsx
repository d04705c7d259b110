import { useState } from 'react';
import { useI18n } from '../i18n/useI18n.ts';
import { actionTypes, newAction, type ActionProperty } from './action-schemas.ts';

interface Props {
  action: Record<string, unknown>;
  onChange(action: Record<string, unknown>): void;
  onRemove(): void;
  problems: string[];
  index: number;
}

/** A JSON value typed as text, applied once it parses. */
function JsonField({ value, onChange, label }: { value: unknown; onChange(v: unknown): void; label: string }) {
  const [text, setText] = useState(JSON.stringify(value ?? null));
  const [bad, setBad] = useState(false);
  return (
    <input
      aria-label={label}
      aria-invalid={bad || undefined}
      className="mono"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        try {
          onChange(JSON.parse(e.target.value));
          setBad(false);
        } catch {
          setBad(true);
        }
      }}
    />
  );
}

function PropertyInput({ prop, value, onChange }: { prop: ActionProperty; value: unknown; onChange(v: unknown): void }) {
  const label = prop.name;
  switch (prop.control) {
    case 'enum':
      return (
        <select aria-label={label} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
          {!prop.required && <option value="" />}
          {prop.options!.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
    case 'boolean':
      return <input aria-label={label} type="checkbox" checked={!!value} onChange={(e) => onChange(e.target.checked || undefined)} />;
    case 'integer':
    case 'number':
      return <input aria-label={label} type="number" value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />;
    case 'i18n': {
      const v = (value as Record<string, string> | undefined) ?? {};
      const set = (lang: string, s: string) => {
        const next = { ...v, [lang]: s };
        if (!s) delete next[lang];
        onChange(Object.keys(next).length ? next : undefined);
      };
      return (
        <span className="i18n-pair">
          <input aria-label={`${label} 中文`} placeholder="中文" value={v['zh-CN'] ?? ''} onChange={(e) => set('zh-CN', e.target.value)} />
          <input aria-label={`${label} English`} placeholder="English" value={v.en ?? ''} onChange={(e) => set('en', e.target.value)} />
        </span>
      );
    }
    case 'ids':
      return <input aria-label={label} value={((value as string[] | undefined) ?? []).join(', ')} onChange={(e) => onChange(e.target.value.split(/[,\s]+/).filter(Boolean))} />;
    case 'logic':
    case 'json':
      return <JsonField label={label} value={value} onChange={onChange} />;
    default:
      return <input aria-label={label} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />;
  }
}

/** One action: its type from the registry and the config form of that type. */
export function ActionEditor({ action, onChange, onRemove, problems, index }: Props) {
  const { t } = useI18n();
  const type = actionTypes.find((x) => x.type === action.type);
  return (
    <div className={`action-card${problems.length ? ' has-problem' : ''}`} data-testid={`action-${index}`}>
      <div className="action-head">
        <select aria-label={t('designer.transition.actions')} value={String(action.type)} onChange={(e) => onChange(newAction(e.target.value))}>
          {actionTypes.map((a) => <option key={a.type} value={a.type}>{a.type}</option>)}
        </select>
        <button type="button" className="link danger" onClick={onRemove}>{t('designer.action.remove')}</button>
      </div>
      {type?.description && <div className="muted small">{type.description}</div>}
      {type?.properties.map((p) => (
        <label key={p.name} className="prop" title={p.description}>
          <span>{p.name}{p.required && <span className="req">*</span>}</span>
          <PropertyInput prop={p} value={action[p.name]} onChange={(v) => {
            const next = { ...action, [p.name]: v };
            if (v === undefined) delete next[p.name];
            onChange(next);
          }} />
        </label>
      ))}
      {problems.map((p, i) => <div key={i} className="field-error">{p}</div>)}
    </div>
  );
}
