import { createContext, useCallback, useMemo, useState, type ReactNode } from 'react';
import type { I18NText } from '@statecraft/schema';
import { en } from './messages.en.ts';
import { zhCN, type MessageKey } from './messages.zh-CN.ts';

export type Lang = 'zh-CN' | 'en';

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** The workspace's own words, with {name} placeholders filled. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A label from the definition in the current language (zh-CN when the other is missing). */
  tx(text: I18NText | undefined | null): string;
}

export const I18nContext = createContext<I18n | null>(null);

const STORAGE_KEY = 'statecraft.lang';

function initialLang(): Lang {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return stored === 'en' ? 'en' : 'zh-CN';
}

/** Provides the language: zh-CN by default, en on request, remembered in the browser. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const table = lang === 'en' ? en : zhCN;
    return {
      lang,
      setLang,
      t: (key, vars) => {
        let s: string = table[key] ?? key;
        if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
        return s;
      },
      tx: (text) => (text ? (text as unknown as Record<string, string>)[lang] ?? text['zh-CN'] ?? Object.values(text)[0] ?? '' : ''),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
