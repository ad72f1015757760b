import { browser } from 'wxt/browser';
import type english from '@/public/_locales/en/messages.json';

/** Every UI string's key; English is the reference catalogue and Swedish must match it. */
export type MessageKey = keyof typeof english;

/** The UI string for `key` in the browser's language, with `$1`… substitutions. */
export function t(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}
