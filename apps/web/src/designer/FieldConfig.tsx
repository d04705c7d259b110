import type { EnumOption, Field } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import { I18nInput } from './I18nInput.tsx';
import { IdInput } from './IdInput.tsx';
import { PALETTE_TYPES } from './FieldPalette.tsx';
import type { DefinitionProblem } from './problem-map.ts';

interface Props {
  field: Field;
  takenIds: string[];
  problems: DefinitionProblem[];
  onChange(field: Field): void;
  onRename(id: string): void;
  onDelete(): void;
}

type Loose = Record<string, unknown>;

const NUMERIC = new Set(['integer', 'decimal', 'money']);
const TEXTUAL = new Set(['text', 'longtext', 'phone', 'email']);

/** The selected field's settings: id, type, labels, required, default, options and validation. */
export function FieldConfig({ field, takenIds, problems, onChange, onRename, onDelete }: Props) {
  const { t, tx } = useI18n();
  const f = field as unknown as Loose;
  const set = (key: string, value: unknown) => {
    const next = { ...f, [key]: value };
    if (value === undefined || value === '' || value === false) delete next[key];
    onChange(next as unknown as Field);
  };
  const num = (key: string) => (
    <input type="number" aria-label={key} value={f[key] === undefined ? '' : String(f[key])} onChange={(e) => set(key, e.target.value === '' ? undefined : Number(e.target.value))} />
  );
  const options = (f.options as EnumOption[] | undefined) ?? [];
  const setOption = (i: number, o: EnumOption | null) => set('options', o ? options.map((x, j) => (j === i ? o : x)) : options.filter((_, j) => j !== i));
  const changeType = (type: string) => {
    // Keep what every type shares; type-specific settings do not carry over.
    const base: Loose = { id: f.id, type, label: f.label };
    for (const k of ['description', 'required', 'readOnly', 'indexed', 'unique']) if (f[k] !== undefined) base[k] = f[k];
    if (type === 'enum' || type === 'multienum') base.options = options.length ? options : [{ value: 'option_1', label: { 'zh-CN': '选项 1' } }];
    onChange(base as unknown as Field);
  };
  const defaultInput = () => {
    if (field.type === 'boolean') return <input type="checkbox" aria-label={t('designer.field.default')} checked={f.default === true} onChange={(e) => set('default', e.target.checked ? true : undefined)} />;
    if (field.type === 'enum') {
      return (
        <select aria-label={t('designer.field.default')} value={(f.default as string) ?? ''} onChange={(e) => set('default', e.target.value || undefined)}>
          <option value="" />
          {options.map((o) => <option key={o.value} value={o.value}>{tx(o.label)}</option>)}
        </select>
      );
    }
    if (NUMERIC.has(field.type)) return num('default');
    if (field.type === 'date') return <input type="date" aria-label={t('designer.field.default')} value={(f.default as string) ?? ''} onChange={(e) => set('default', e.target.value || undefined)} />;
    if (TEXTUAL.has(field.type)) return <input aria-label={t('designer.field.default')} value={(f.default as string) ?? ''} onChange={(e) => set('default', e.target.value || undefined)} />;
    return <span className="muted small">—</span>;
  };
  return (
    <div className="field-config" data-testid="field-config">
      <h3>{t('designer.field')}: {tx(field.label) || field.id}</h3>
      {problems.map((p, i) => <div key={i} className="field-error" role="alert">{p.message}{p.hint ? ` — ${p.hint}` : ''}</div>)}
      <IdInput label={t('designer.field.id')} name="field-id" value={field.id} taken={takenIds} onCommit={onRename} />
      <label>
        <span>{t('designer.field.type')}</span>
        <select name="field-type" value={field.type} onChange={(e) => changeType(e.target.value)}>
          {!PALETTE_TYPES.some((p) => p.type === field.type) && <option value={field.type}>{field.type}</option>}
          {PALETTE_TYPES.map((p) => <option key={p.type} value={p.type}>{p.zh} · {p.type}</option>)}
        </select>
      </label>
      <I18nInput name="field-label" value={field.label} onChange={(v) => set('label', v)} />
      <div className="row">
        <label className="check"><input type="checkbox" name="field-required" checked={!!field.required} onChange={(e) => set('required', e.target.checked)} />{t('designer.field.required')}</label>
        <label className="check"><input type="checkbox" checked={!!field.readOnly} onChange={(e) => set('readOnly', e.target.checked)} />{t('designer.field.readOnly')}</label>
      </div>
      <label><span>{t('designer.field.default')}</span>{defaultInput()}</label>
      {(field.type === 'enum' || field.type === 'multienum') && (
        <fieldset>
          <legend>{t('designer.field.options')}</legend>
          {options.map((o, i) => (
            <div key={i} className="option-row">
              <input className="mono" aria-label="value" value={o.value} onChange={(e) => setOption(i, { ...o, value: e.target.value })} />
              <input aria-label="中文" value={o.label['zh-CN']} onChange={(e) => setOption(i, { ...o, label: { ...o.label, 'zh-CN': e.target.value } })} />
              <input aria-label="English" value={o.label.en ?? ''} onChange={(e) => setOption(i, { ...o, label: { ...o.label, en: e.target.value } })} />
              <button type="button" className="link danger" aria-label={t('designer.delete')} onClick={() => setOption(i, null)}>✕</button>
            </div>
          ))}
          <button type="button" onClick={() => set('options', [...options, { value: `option_${options.length + 1}`, label: { 'zh-CN': `选项 ${options.length + 1}` } }])}>+ {t('designer.field.addOption')}</button>
        </fieldset>
      )}
      {(NUMERIC.has(field.type) || TEXTUAL.has(field.type)) && (
        <fieldset>
          <legend>{t('designer.field.validation')}</legend>
          {NUMERIC.has(field.type) && (
            <div className="row"><label><span>{t('designer.field.min')}</span>{num('min')}</label><label><span>{t('designer.field.max')}</span>{num('max')}</label></div>
          )}
          {field.type === 'text' && <label><span>{t('designer.field.minLength')}</span>{num('minLength')}</label>}
          {(field.type === 'text' || field.type === 'longtext') && <label><span>{t('designer.field.maxLength')}</span>{num('maxLength')}</label>}
          {field.type === 'text' && <label><span>{t('designer.field.pattern')}</span><input className="mono" value={(f.pattern as string) ?? ''} onChange={(e) => set('pattern', e.target.value || undefined)} /></label>}
        </fieldset>
      )}
      <button type="button" className="danger" onClick={onDelete}>{t('designer.field.delete')}</button>
    </div>
  );
}
