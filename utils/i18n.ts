import { browser } from 'wxt/browser';
import type english from '@/public/_locales/en/messages.json';

/** Every UI string's key; English is the reference catalogue and Swedish must match it. */
export type MessageKey = keyof typeof english;

const cache = new Map<string, string>();

/**
 * The UI string for `key` in the browser's language, with `$1`… substitutions. Cached:
 * every badge asks for the same few strings, and each lookup crosses into the browser.
 */
export function t(key: MessageKey, ...substitutions: string[]): string {
  const cacheKey = substitutions.length === 0 ? key : `${key}\u0000${substitutions.join('\u0001')}`;
  let message = cache.get(cacheKey);
  if (message === undefined) {
    message = browser.i18n.getMessage(key, substitutions) || key;
    if (cache.size > 500) cache.clear();
    cache.set(cacheKey, message);
  }
  return message;
}

/**
 * Marks an extension page with the language its text is in (the catalogue the browser
 * chose), so screen readers read Swedish as Swedish.
 */
export function markPageLanguage(doc: Document = document): void {
  doc.documentElement.lang = t('languageTag');
}
