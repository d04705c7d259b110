import type { Field } from '@statecraft/schema';
import type { Language } from '../actions/render-message.ts';

function label(text: { 'zh-CN': string; en?: string }, language: Language): string {
  return language === 'en' ? (text.en ?? text['zh-CN']) : text['zh-CN'];
}

/**
 * A field value as a person reads it in an alert or a notification: money in yuan with two
 * decimals, an enum's label in the message's language, an address on one line, a boolean as
 * 是/否 (yes/no), lines as their count. Null is "".
 *
 * @example formatValue({ id: 'paid', type: 'money', label: { 'zh-CN': '实付' } }, 123456, 'zh-CN') // '1234.56'
 */
export function formatValue(field: Field, value: unknown, language: Language): string {
  if (value === null || value === undefined) return '';
  switch (field.type) {
    case 'money':
      return typeof value === 'number' ? (value / 100).toFixed(2) : String(value);
    case 'computed':
      return field.resultType === 'money' && typeof value === 'number' ? (value / 100).toFixed(2) : String(value);
    case 'enum': {
      const option = field.options.find((o) => o.value === value);
      return option ? label(option.label, language) : String(value);
    }
    case 'multienum':
      if (!Array.isArray(value)) return String(value);
      return value
        .map((v) => {
          const option = field.options.find((o) => o.value === v);
          return option ? label(option.label, language) : String(v);
        })
        .join(language === 'en' ? ', ' : '、');
    case 'boolean':
      return language === 'en' ? (value ? 'yes' : 'no') : value ? '是' : '否';
    case 'address': {
      const a = value as Record<string, unknown>;
      const parts = ['province', 'city', 'district', 'detail'].map((p) => (typeof a[p] === 'string' ? (a[p] as string) : ''));
      return language === 'en' ? parts.filter(Boolean).reverse().join(', ') : parts.join('');
    }
    case 'lines':
      return Array.isArray(value) ? String(value.length) : '';
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
