import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type Catalogue, type MessageKey } from './en';
import { sv } from './sv';

export const LANGUAGES = { en, sv } as const satisfies Record<string, Catalogue>;
export type Language = keyof typeof LANGUAGES;

/** Each language named in itself, for the picker. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', sv: 'Svenska' };

const STORAGE_KEY = 'jetway.console.language';

type PluralKey<K extends string> = K extends `${infer Base}_one` ? Base : never;
export type PluralMessage = PluralKey<MessageKey>;
type Params = Record<string, string | number>;

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: Params): string;
  /** `{count}` filled in, the form picked by the language's plural rules. */
  plural(key: PluralMessage, count: number, params?: Params): string;
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(LANGUAGES, value);
}

/** The saved choice, else the first of the browser's languages the Console speaks, else English. */
export function initialLanguage(): Language {
  const saved = readStorage(STORAGE_KEY);
  if (isLanguage(saved)) return saved;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage can be off (private mode, policy); the choice then lasts for this page only.
  }
}

/** A catalogue message with its `{name}` placeholders filled in. */
export function fill(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    writeStorage(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const catalogue: Catalogue = LANGUAGES[language];
    const rules = new Intl.PluralRules(language);
    return {
      language,
      setLanguage,
      t: (key, params) => fill(catalogue[key], params),
      plural: (key, count, params) => {
        const form = rules.select(count) === 'one' ? 'one' : 'other';
        return fill(catalogue[`${key}_${form}` as MessageKey], { count, ...params });
      },
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside <I18nProvider>');
  return i18n;
}

export { isLanguage };
