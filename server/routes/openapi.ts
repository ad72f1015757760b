import type { z } from 'zod';
import { ProblemSchema } from '../../utils/contract';

/** A required JSON request body. */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

export function jsonResponse<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

export const PROBLEM_CONTENT = { 'application/problem+json': { schema: ProblemSchema } } as const;
const problem = { content: PROBLEM_CONTENT } as const;

/** The problem responses every authenticated route may give. */
export const PROBLEMS = {
  400: { description: 'Invalid request (per-field errors)', ...problem },
  401: { description: 'Missing or invalid token', ...problem },
  429: { description: 'Rate limited; see Retry-After', ...problem },
} as const;

export const WRITE_PROBLEMS = {
  ...PROBLEMS,
  404: { description: 'Not found in your team', ...problem },
  409: { description: 'Stale version or request in flight', ...problem },
  413: { description: 'Body too large', ...problem },
  422: { description: 'Idempotency-Key reused with another body, or a rule was broken', ...problem },
} as const;

export const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A UUID per change; a retry with the same key replays the stored response.',
  schema: { type: 'string' },
} as const;

export const IF_MATCH_HEADER = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'The version of the resource the change is based on, e.g. "3" (instead of the body\'s version).',
  schema: { type: 'string' },
} as const;

/**
 * Idempotent writes answer with a raw `Response` (a replay returns the stored body
 * verbatim), which the typed-response helpers cannot express; the route's schemas still
 * validate the request and document the answer.
 */
export function untyped(response: Response): never {
  return response as never;
}
