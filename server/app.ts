import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { requireAgent } from './auth';
import type { Database } from './db/database';
import { docsPage } from './docs';
import { fieldErrors, HttpProblem, problemResponse, type AppEnv } from './http';
import { rateLimit } from './rate-limit';
import { registerCases } from './routes/cases';
import { registerHandoffs } from './routes/handoffs';
import { registerLinks } from './routes/links';
import { registerLookup } from './routes/lookup';
import { registerMe } from './routes/me';
import { registerMembers } from './routes/members';

export interface AppOptions {
  db: Database;
  rateLimitPerMinute?: number;
  /** Extension origins CORS allows; empty allows any chrome-extension:// or moz-extension:// origin. */
  extensionOrigins?: string[];
}

export const MAX_BODY_BYTES = 64 * 1024;
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[a-z0-9-]{1,64}$/i;

/** SQLSTATE classes a client can act on: a conflicting change to retry, or a database that is away. */
function databaseProblem(error: unknown): Response | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (code === '23505') return problemResponse(409, 'This conflicts with a change made at the same moment; reload and try again.');
  if (code === '40001' || code === '40P01') return problemResponse(409, 'A concurrent change got in the way; retry the request.');
  if (/^(08|57P0[1-3]|53)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(code)) {
    console.warn(`Database unavailable: ${(error as Error).message}`);
    return problemResponse(503, 'The database is not reachable right now; retry in a few seconds.', undefined, { 'retry-after': '5' });
  }
  return null;
}

const CORS = {
  allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
  allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'],
  exposeHeaders: ['Retry-After', 'Idempotent-Replayed'],
  maxAge: 600,
};

/**
 * CORS for the extension's origins only. Preflights are answered by Hono's middleware; on
 * every other request the headers go onto the handler's response once it has answered.
 * Setting them before (as Hono's middleware does) or through `c.header` afterwards makes
 * Hono copy the response, which turns its plain JSON body into a web stream: a large share
 * of the server's time per lookup. Headers after `next()` are therefore set on `c.res`.
 */
function extensionCors(isAllowed: (origin: string) => boolean): MiddlewareHandler<AppEnv> {
  const preflight = cors({ ...CORS, origin: (origin) => (isAllowed(origin) ? origin : null) });
  const exposed = CORS.exposeHeaders.join(',');
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    const origin = c.req.header('origin') ?? '';
    const headers = c.res.headers;
    if (isAllowed(origin)) headers.set('Access-Control-Allow-Origin', origin);
    headers.set('Access-Control-Expose-Headers', exposed);
    headers.append('Vary', 'Origin');
  };
}

/**
 * Refuses bodies over `maxSize` bytes. A request that declares its length is judged by that
 * header (Node's parser never reads past it) without touching the body, so the handler can
 * still read it straight from the socket; only a chunked body is counted as it streams in.
 */
function limitBody(maxSize: number, onError: () => Response): MiddlewareHandler<AppEnv> {
  const counted = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length, 10) > maxSize ? onError() : next();
    }
    return counted(c, next);
  };
}

/** The Jetway API: deny by default, every /v1 route authenticated and scoped to the agent's team. */
export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const { db } = options;
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new HttpProblem(400, 'The request does not match the API contract.', fieldErrors(result.error.issues));
      }
    },
  });

  const allowed = options.extensionOrigins ?? [];
  app.use('*', extensionCors((origin) => EXTENSION_ORIGIN.test(origin) && (allowed.length === 0 || allowed.includes(origin))));
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-site' }));
  app.use(
    '*',
    limitBody(MAX_BODY_BYTES, () => problemResponse(413, `Request bodies are limited to ${MAX_BODY_BYTES / 1024} kB.`)),
  );

  app.get('/healthz', async (c) => {
    await db.query('SELECT 1');
    return c.json({ status: 'ok', database: db.engine });
  });

  app.use('/v1/*', async (c, next) => {
    await next();
    // Member data must not linger in shared or browser caches.
    c.res.headers.set('cache-control', 'no-store');
  });
  app.use('/v1/*', requireAgent(db));
  app.use('/v1/*', rateLimit(options.rateLimitPerMinute ?? 1200));
  registerMe(app, db);
  registerLookup(app, db);
  registerMembers(app, db);
  registerLinks(app, db);
  registerCases(app, db);
  registerHandoffs(app, db);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const document = () =>
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'Jetway API', version: '1.0.0', description: 'Loyalty lookup, cases, notes and handoffs for social-care agents.' },
      security: [{ bearer: [] }],
    });
  app.get('/openapi.json', (c) => c.json(document()));
  app.get('/docs', (c) => c.html(docsPage(document())));

  app.notFound(() => problemResponse(404, 'No such route. See /docs for the API.'));
  app.onError((error) => {
    if (error instanceof HttpProblem) return problemResponse(error.status, error.detail, error.errors, error.headers);
    if (error instanceof HTTPException) {
      const status = error.status;
      const detail = status === 400 ? 'The body is not valid JSON.' : error.message;
      return problemResponse(status, detail);
    }
    const database = databaseProblem(error);
    if (database) return database;
    console.error('Unhandled server error', error);
    return problemResponse(500, 'Something went wrong on the server; the request was not applied. Try again.');
  });
  return app;
}
