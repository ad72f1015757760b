import type { z } from 'zod';
import { ProblemSchema, type Problem } from '@/utils/contract';

export type ApiErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'malformed';

/** A failed API call, with what the agent should be told and whether a retry can help. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    message: string,
    readonly problem: Problem | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }

  /** 4xx other than 408 / 409 / 429 will fail the same way again (DESIGN.md, outbox). */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && ![408, 409, 429].includes(this.status);
  }
}

export interface ApiRequest<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  idempotencyKey?: string;
  /** Every response is validated; `null` for 204 answers. */
  schema: z.ZodType<T> | null;
}

export interface ApiClient {
  readonly serverUrl: string;
  request<T>(request: ApiRequest<T>): Promise<T>;
}

const KIND_BY_STATUS: Record<number, ApiErrorKind> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  429: 'rate-limited',
};

function retryAfterOf(response: Response): number | null {
  const header = response.headers.get('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** The only code that talks to the Jetway API; it runs in the background worker. */
export function createApiClient(options: { serverUrl: string; token: string; timeoutMs?: number; fetch?: typeof fetch }): ApiClient {
  const base = options.serverUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    serverUrl: base,
    async request<T>(request: ApiRequest<T>): Promise<T> {
      let response: Response;
      try {
        response = await doFetch(`${base}${request.path}`, {
          method: request.method,
          headers: {
            authorization: `Bearer ${options.token}`,
            accept: 'application/json',
            ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
          },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: AbortSignal.timeout(timeoutMs),
          credentials: 'omit',
        });
      } catch (error) {
        const timedOut = error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
        throw new ApiError(timedOut ? 'timeout' : 'network', 0, timedOut ? 'The Jetway server did not answer in time.' : 'The Jetway server cannot be reached.');
      }
      const text = await response.text().catch(() => '');
      if (!response.ok) {
        let problem: Problem | null = null;
        try {
          const parsed = ProblemSchema.safeParse(JSON.parse(text));
          problem = parsed.success ? parsed.data : null;
        } catch {
          problem = null;
        }
        const kind = KIND_BY_STATUS[response.status] ?? (response.status >= 500 ? 'server' : 'invalid');
        const message = problem?.detail ?? problem?.title ?? `The Jetway server answered ${response.status}.`;
        throw new ApiError(kind, response.status, message, problem, retryAfterOf(response));
      }
      if (request.schema === null) return undefined as T;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        console.warn(`Jetway: ${request.method} ${request.path} answered with something that is not JSON`);
        throw new ApiError('malformed', response.status, 'The server answered with something that is not Jetway data.');
      }
      const parsed = request.schema.safeParse(json);
      if (!parsed.success) {
        // Never render what does not match the contract; say so where it can be seen.
        console.warn(`Jetway: ${request.method} ${request.path} answered data that breaks the contract`, parsed.error.issues.slice(0, 5));
        throw new ApiError('malformed', response.status, 'The server answered with data Jetway does not understand.');
      }
      return parsed.data;
    },
  };
}

/** Exponential backoff with full jitter, never sooner than the server's Retry-After. */
export function backoffDelay(attempt: number, retryAfterMs: number | null, random = Math.random, baseMs = 1_000, capMs = 5 * 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
