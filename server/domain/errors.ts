import type { Problem, ProblemCode } from '../../utils/contract';

/**
 * A rule of the domain the caller broke, in words the agent can act on. The HTTP layer
 * answers each kind with its status (`not_found` 404, `forbidden` 403, `conflict` 409,
 * `invalid` 422, `incomplete` 400, `rate_limited` 429); the domain never speaks HTTP.
 * `code` is the stable name clients translate (see `PROBLEM_CODES`); without one the
 * status's default code is answered.
 */
export type DomainErrorKind = 'incomplete' | 'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'rate_limited' | 'unauthenticated';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly detail: string,
    readonly errors?: Problem['errors'],
    /** Seconds until a retry can succeed (`rate_limited`). */
    readonly retryAfterSeconds?: number,
    readonly code?: ProblemCode,
    /** Values the translated message names, e.g. `{ assignee }`. */
    readonly params?: Record<string, string>,
  ) {
    super(detail);
  }
}

export const notFound = (detail: string, code?: ProblemCode) => new DomainError('not_found', detail, undefined, undefined, code);
export const forbidden = (detail: string, code?: ProblemCode) => new DomainError('forbidden', detail, undefined, undefined, code);
export const conflict = (detail: string, code?: ProblemCode, params?: Record<string, string>) =>
  new DomainError('conflict', detail, undefined, undefined, code, params);
export const invalid = (detail: string, errors?: Problem['errors'], code?: ProblemCode) => new DomainError('invalid', detail, errors, undefined, code);
