import { ApiError } from '@/utils/api/client';
import { problemCodeOf, type Problem } from '@/utils/contract';
import { t, type MessageKey } from '@/utils/i18n';

// Kept apart from utils/i18n.ts: badges use `t` on the page, and these need the contract's schemas.
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
