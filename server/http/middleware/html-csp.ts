import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';

/** For an HTML answer that brings no policy of its own: load nothing, run nothing, be framed by nobody. */
export const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Every HTML answer carries a Content-Security-Policy with `frame-ancestors 'none'`: the
 * pages that need more (the docs page's hashed style, the Console's own scripts) set their
 * own, and anything else that answers in HTML gets the strictest. Headers go onto `c.res`
 * after the handler (see cors.ts for why not `c.header`).
 */
export function htmlContentSecurityPolicy(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    if (!headers.get('content-type')?.toLowerCase().startsWith('text/html')) return;
    if (!headers.has('content-security-policy')) headers.set('content-security-policy', STRICT_CSP);
  };
}
