import type { Field } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';

/** The field types an analyst can drag onto a form (types needing more setup are added as JSON). */
export const PALETTE_TYPES: { type: Field['type']; zh: string; en: string }[] = [
  { type: 'text', zh: '单行文本', en: 'Text' },
  { type: 'longtext', zh: '多行文本', en: 'Long text' },
  { type: 'integer', zh: '整数', en: 'Integer' },
  { type: 'decimal', zh: '小数', en: 'Decimal' },
  { type: 'money', zh: '金额', en: 'Money' },
  { type: 'boolean', zh: '是/否', en: 'Yes/no' },
  { type: 'date', zh: '日期', en: 'Date' },
  { type: 'datetime', zh: '日期时间', en: 'Date & time' },
  { type: 'enum', zh: '单选', en: 'Choice' },
  { type: 'multienum', zh: '多选', en: 'Multiple choice' },
  { type: 'phone', zh: '手机号', en: 'Phone' },
  { type: 'email', zh: '邮箱', en: 'E-mail' },
  { type: 'address', zh: '地址', en: 'Address' },
];

export const DRAG_TYPE = 'application/x-statecraft-field-type';
export const DRAG_FIELD = 'application/x-statecraft-field';

/** The palette: drag a type onto a section, or press Enter on it to add it to the current section. */
export function FieldPalette({ onAdd }: { onAdd(type: Field['type']): void }) {
  const { t, lang } = useI18n();
  return (
    <div className="palette" aria-label={t('designer.palette')}>
      <h3>{t('designer.palette')}</h3>
      <div className="muted small">{t('designer.paletteHint')}</div>
      {PALETTE_TYPES.map((p) => (
        <button
          key={p.type}
          type="button"
          className="palette-item"
          draggable
          data-type={p.type}
          onDragStart={(e) => {
            e.dataTransfer.setData(DRAG_TYPE, p.type);
            e.dataTransfer.effectAllowed = 'copy';
          }}
          onClick={() => onAdd(p.type)}
        >
          {lang === 'en' ? p.en : p.zh}
        </button>
      ))}
    </div>
  );
}
