import type { Problem } from '../../utils/contract';

/**
 * A rule of the domain the caller broke, in words the agent can act on. The HTTP layer
 * answers each kind with its status (`not_found` 404, `forbidden` 403, `conflict` 409,
 * `invalid` 422, `incomplete` 400, `rate_limited` 429); the domain never speaks HTTP.
 */
export type DomainErrorKind = 'incomplete' | 'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'rate_limited' | 'unauthenticated';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly detail: string,
    readonly errors?: Problem['errors'],
    /** Seconds until a retry can succeed (`rate_limited`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }
}

export const notFound = (detail: string) => new DomainError('not_found', detail);
export const forbidden = (detail: string) => new DomainError('forbidden', detail);
export const conflict = (detail: string) => new DomainError('conflict', detail);
export const invalid = (detail: string, errors?: Problem['errors']) => new DomainError('invalid', detail, errors);
