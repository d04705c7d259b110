import type { Field } from '@statecraft/schema';
import { fenToYuan } from './money.ts';
import { formatDateTime } from './datetime.ts';
import type { I18n } from '../i18n/I18nContext.tsx';

/** A stored value as text for lists and read-only forms, by the field's type. */
export function formatFieldValue(field: Field | undefined, value: unknown, i18n: Pick<I18n, 'tx' | 't'>): string {
  if (value === null || value === undefined || value === '') return '';
  if (!field) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (field.type) {
    case 'money':
      return `¥${fenToYuan(Number(value))}`;
    case 'enum':
      return i18n.tx(field.options.find((o) => o.value === value)?.label) || String(value);
    case 'multienum':
      return (value as string[]).map((v) => i18n.tx(field.options.find((o) => o.value === v)?.label) || v).join('、');
    case 'boolean':
      return value ? i18n.t('list.yes') : i18n.t('list.no');
    case 'datetime':
      return formatDateTime(String(value));
    case 'address': {
      const a = value as Record<string, string | undefined>;
      return [a.province, a.city, a.district, a.detail].filter(Boolean).join(' ');
    }
    case 'reference':
      return `#${String(value)}`;
    case 'lines':
      return String((value as unknown[]).length);
    case 'computed':
      if (field.resultType === 'money') return `¥${fenToYuan(Number(value))}`;
      if (field.resultType === 'datetime') return formatDateTime(String(value));
      return String(value);
    default:
      return String(value);
  }
}
