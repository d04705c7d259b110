import type { I18NText } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';

/** A label in zh-CN (required) and en, side by side. */
export function I18nInput({ value, onChange, name, required = true }: { value: I18NText | undefined; onChange(v: I18NText | undefined): void; name: string; required?: boolean }) {
  const { t } = useI18n();
  const v = value ?? ({} as I18NText);
  const set = (lang: 'zh-CN' | 'en', s: string) => {
    const next = { ...v, [lang]: s } as Record<string, string>;
    if (!s && lang === 'en') delete next.en;
    onChange(!required && !next['zh-CN'] && !next.en ? undefined : (next as unknown as I18NText));
  };
  return (
    <div className="i18n-pair">
      <label>
        <span>{t('designer.field.labelZh')}</span>
        <input name={`${name}-zh`} value={v['zh-CN'] ?? ''} onChange={(e) => set('zh-CN', e.target.value)} aria-invalid={(required && !v['zh-CN']) || undefined} />
      </label>
      <label>
        <span>{t('designer.field.labelEn')}</span>
        <input name={`${name}-en`} value={v.en ?? ''} onChange={(e) => set('en', e.target.value)} />
      </label>
    </div>
  );
}
