import { ApiError, ContractError, NetworkError } from './api';
import { DEFAULT_PROBLEM_CODE, problemCodeOf } from '@/utils/contract';
import type { I18n } from './i18n';

/** What went wrong and what to do, in the agent's language. */
export function errorMessage(error: unknown, { t, plural }: Pick<I18n, 't' | 'plural'>): string {
  if (error instanceof NetworkError) return t('errorNetwork');
  if (error instanceof ContractError) return t('errorContract');
  if (error instanceof ApiError) {
    if (error.status === 403) return t('errorForbidden');
    if (error.status === 429) {
      return error.retryAfterSeconds === null ? t('errorRateLimited') : plural('rateLimited', error.retryAfterSeconds);
    }
    if (error.status === 409 && !error.problem?.code) return t('conflict');
    return problemMessage(error, t);
  }
  return t('errorServer', { status: '—' });
}

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof ApiError && error.status === status;
}

/**
 * The message for the problem's machine `code`, else for its status's default code; the
 * server's English `detail` is never shown. An unknown status says which it was.
 */
export function problemMessage(error: ApiError, t: I18n['t']): string {
  if (!error.problem?.code && DEFAULT_PROBLEM_CODE[error.status] === undefined) return t('errorServer', { status: error.status });
  const code = problemCodeOf(error.status, error.problem?.code);
  return t(`problem_${code}`, { assignee: error.problem?.params?.assignee ?? '—' });
}
