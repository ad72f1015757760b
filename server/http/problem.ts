import { problemCodeOf, type Problem, type ProblemCode } from '../../utils/contract';
import type { DomainError, DomainErrorKind } from '../domain/errors';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Server error',
  503: 'Service unavailable',
};

/** A failure the client can act on, answered as `application/problem+json`. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: Problem['errors'],
    readonly headers: Record<string, string> = {},
    readonly code?: ProblemCode,
  ) {
    super(detail);
  }
}

/** Every problem carries a `code`: the given one, or its status's default (`DEFAULT_PROBLEM_CODE`). */
export function problemBody(status: number, detail?: string, errors?: Problem['errors'], code?: ProblemCode, params?: Record<string, string>): Problem {
  return {
    type: `https://jetway.example/problems/${status}`,
    title: TITLES[status] ?? 'Error',
    status,
    code: problemCodeOf(status, code),
    ...(detail ? { detail } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(params ? { params } : {}),
  };
}

export function problemResponse(
  status: number,
  detail?: string,
  errors?: Problem['errors'],
  headers: Record<string, string> = {},
  code?: ProblemCode,
  params?: Record<string, string>,
): Response {
  return new Response(JSON.stringify(problemBody(status, detail, errors, code, params)), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

/** Zod issues as the per-field `errors` of a problem. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Problem['errors'] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(body)', message: issue.message }));
}

const STATUS_OF: Record<DomainErrorKind, number> = {
  incomplete: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 422,
  rate_limited: 429,
};

export function domainProblem(error: DomainError): Response {
  const headers: Record<string, string> = error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
  return problemResponse(STATUS_OF[error.kind], error.detail, error.errors, headers, error.code, error.params);
}

/** SQLSTATE classes a client can act on: a conflicting change to retry, or a database that is away. */
export function databaseProblem(error: unknown): Response | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (code === '23505') return problemResponse(409, 'This conflicts with a change made at the same moment; reload and try again.', undefined, {}, 'concurrent_change');
  if (code === '40001' || code === '40P01') return problemResponse(409, 'A concurrent change got in the way; retry the request.', undefined, {}, 'concurrent_change');
  if (/^(08|57P0[1-3]|53)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(code)) {
    return problemResponse(503, 'The database is not reachable right now; retry in a few seconds.', undefined, { 'retry-after': '5' }, 'database_unavailable');
  }
  return null;
}
