import { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import { isControlCharsIssue, isSitePageUrlIssue, ProblemSchema } from '../../utils/contract';
import type { AppEnv } from './context';
import { fieldErrors, HttpProblem } from './problem';

/**
 * A router for one resource: its routes are chained on it (`.openapi(route, handler)`) so
 * their request and response types flow into the app's type and the typed client. A request
 * that does not match the contract is a 400 problem with per-field errors; well-formed text
 * holding control characters (a NUL…) is a 422, refused before it reaches the database, and
 * so is an address that is not an https page of a supported site (`url_not_site_page`).
 */
export function router(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues;
        if (issues.some(isControlCharsIssue)) {
          throw new HttpProblem(422, 'Text in this request holds control characters (such as NUL); remove them and send it again.', fieldErrors(issues), {}, 'invalid_field');
        }
        if (issues.some(isSitePageUrlIssue)) {
          throw new HttpProblem(422, 'A page address in this request is not an https page of a supported site.', fieldErrors(issues), {}, 'url_not_site_page');
        }
        throw new HttpProblem(400, 'The request does not match the API contract.', fieldErrors(result.error.issues), {}, 'invalid_field');
      }
    },
  });
}

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
  401: { description: 'No or an invalid token, and no live Console session', ...problem },
  429: { description: 'Rate limited; see Retry-After', ...problem },
} as const;

/*
 * Responses are merged with Object.assign, not spread: a spread turns the numeric status
 * keys into strings in the type, and the typed client would then see only the success.
 */
export const WRITE_PROBLEMS = Object.assign({}, PROBLEMS, {
  403: { description: 'A Console session without its X-Jetway-CSRF header, or not your team’s change to make', ...problem },
  404: { description: 'Not found in your team', ...problem },
  409: { description: 'Stale version or request in flight', ...problem },
  413: { description: 'Body too large', ...problem },
  422: { description: 'Idempotency-Key reused with another body, or a rule was broken', ...problem },
} as const);

/** A read's responses: the given ones and every authenticated route's problems. */
export function readResponses<T extends object>(responses: T) {
  return Object.assign({}, PROBLEMS, responses);
}

/** A write's responses: the given ones and the problems a write may meet. */
export function writeResponses<T extends object>(responses: T) {
  return Object.assign({}, WRITE_PROBLEMS, responses);
}

/** A problem response with its own description. */
export function problemResponse(description: string) {
  return { description, ...problem } as const;
}

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
