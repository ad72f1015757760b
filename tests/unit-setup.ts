/**
 * Unit-test environment: an in-memory IndexedDB for Dexie, and the English messages
 * behind `browser.i18n.getMessage` (WXT's fake browser leaves i18n unimplemented).
 */
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '../public/_locales/en/messages.json';

const messages = english as Record<string, { message: string }>;
fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
  const list = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return (messages[key]?.message ?? '').replace(/\$(\d)/g, (_m, n: string) => list[Number(n) - 1] ?? '');
}) as typeof fakeBrowser.i18n.getMessage;
