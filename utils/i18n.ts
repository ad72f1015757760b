import { browser } from 'wxt/browser';
import type english from '@/public/_locales/en/messages.json';
import { ApiError } from '@/utils/api/client';
import { problemCodeOf, type Problem } from '@/utils/contract';

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
 * A problem the server answered, in the agent's language: the message for its `code`, else
 * for its status's default code. The server's English `detail` is never shown.
 */
export function problemMessage(status: number, problem?: Pick<Problem, 'code' | 'params'> | null): string {
  const code = problemCodeOf(status, problem?.code);
  const key: MessageKey = `problem_${code}`;
  return code === 'case_taken' ? t(key, problem?.params?.assignee ?? '—') : t(key);
}

/** Any failed API call in the agent's language: unreachable, too slow, malformed, or the server's problem. */
export function apiErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.kind === 'network') return t('problemNetwork');
    if (error.kind === 'timeout') return t('problemTimeout');
    if (error.kind === 'malformed') return t('problemMalformed');
    return problemMessage(error.status, error.problem);
  }
  return problemMessage(500);
}
