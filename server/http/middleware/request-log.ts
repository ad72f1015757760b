import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../../logger';
import type { AppEnv } from '../context';

const REQUEST_ID_HEADER = 'x-request-id';
const GIVEN_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * One log line per request: method, route pattern (never the path or query, which can hold
 * ids, handles or search text), status, duration and request id. The id is the proxy's
 * `X-Request-Id` when it sends a well-formed one, else new; it is echoed on the answer.
 * The header goes onto `c.res` after the handler (see cors.ts for why not `c.header`).
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // The start-up warm-up is no request anyone made.
    if (c.env?.warmUp === true) return next();
    const started = performance.now();
    const given = c.req.header(REQUEST_ID_HEADER);
    const id = given !== undefined && GIVEN_ID.test(given) ? given : randomUUID();
    c.set('requestId', id);
    try {
      await next();
    } finally {
      c.res.headers.set(REQUEST_ID_HEADER, id);
      // After the chain, the route index is the one of the handler that answered.
      logger.info({
        req: { id, method: c.req.method, route: routePath(c) },
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    }
  };
}
