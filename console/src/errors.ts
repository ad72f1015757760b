import { ApiError, ContractError, NetworkError } from './api';
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
    if (error.status === 409) return t('conflict');
    return t('errorServer', { status: error.status });
  }
  return t('errorServer', { status: '—' });
}

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof ApiError && error.status === status;
}
