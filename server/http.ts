import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../utils/contract';
import type { Database } from './db/database';

/** The signed-in agent every request runs as; all queries are scoped by `teamId`. */
export interface AgentContext {
  agentId: string;
  agentName: string;
  teamId: string;
  teamName: string;
}

export interface AppEnv {
  Variables: { agent: AgentContext; db: Database };
}

export type AppContext = Context<AppEnv>;

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
  ) {
    super(detail);
  }
}

export function problemBody(status: number, detail?: string, errors?: Problem['errors']): Problem {
  return {
    type: `https://jetway.example/problems/${status}`,
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function problemResponse(status: number, detail?: string, errors?: Problem['errors'], headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problemBody(status, detail, errors)), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

export function jsonResponse(c: AppContext, body: unknown, status: number): Response {
  return c.json(body as object, status as ContentfulStatusCode);
}

/** Zod issues as the per-field `errors` of a problem. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Problem['errors'] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(body)', message: issue.message }));
}

export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoRequired(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
