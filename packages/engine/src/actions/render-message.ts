import type { I18NText } from '@statecraft/schema';

/** The languages messages are written in; zh-CN is required, en optional. */
export type Language = 'zh-CN' | 'en';

const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$]*(?:\.[\w$]+)*)\s*\}\}/g;

/** The placeholder names used in a message: `"订单 {{order_no}}"` → `['order_no']`. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(PLACEHOLDER)].map((m) => m[1]!.split('.')[0]!);
}

/**
 * Fills `{{field_id}}` placeholders in every language of a message. `valueOf` formats a field
 * for a language (an enum shows its label, money shows yuan); an unknown name stays as written
 * so a typo is visible rather than silently blank.
 *
 * @example renderMessage({ 'zh-CN': '订单 {{order_no}}', en: 'Order {{order_no}}' }, (n) => (n === 'order_no' ? 'A001' : undefined))
 *   // → { 'zh-CN': '订单 A001', en: 'Order A001' }
 */
export function renderMessage(text: I18NText, valueOf: (name: string, language: Language) => string | undefined): I18NText {
  const render = (message: string, language: Language) =>
    message.includes('{{') ? message.replace(PLACEHOLDER, (whole, name: string) => valueOf(name, language) ?? whole) : message;
  const out: I18NText = { 'zh-CN': render(text['zh-CN'], 'zh-CN') };
  if (text.en !== undefined) out.en = render(text.en, 'en');
  return out;
}
