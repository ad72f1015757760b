import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../context';

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[a-z0-9-]{1,64}$/i;

const CORS = {
  allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
  allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'],
  exposeHeaders: ['Retry-After', 'Idempotent-Replayed'],
  maxAge: 600,
};

/** Extension origins only: any extension when `allowed` is empty, else exactly those listed. */
export function isExtensionOrigin(allowed: readonly string[]): (origin: string) => boolean {
  return (origin) => EXTENSION_ORIGIN.test(origin) && (allowed.length === 0 || allowed.includes(origin));
}

/**
 * CORS for the extension's origins only. Preflights are answered by Hono's middleware; on
 * every other request the headers go onto the handler's response once it has answered.
 * Setting them before (as Hono's middleware does) or through `c.header` afterwards makes
 * Hono copy the response, which turns its plain JSON body into a web stream: a large share
 * of the server's time per lookup. Headers after `next()` are therefore set on `c.res`.
 */
export function extensionCors(isAllowed: (origin: string) => boolean): MiddlewareHandler<AppEnv> {
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
