import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../context';

/**
 * Refuses bodies over `maxSize` bytes. A request that declares its length is judged by that
 * header (Node's parser never reads past it) without touching the body, so the handler can
 * still read it straight from the socket; only a chunked body is counted as it streams in.
 */
export function limitBody(maxSize: number, onError: () => Response): MiddlewareHandler<AppEnv> {
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
