import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppContext } from './context';

/**
 * Where a request comes from, as far as this server can tell. Behind a TLS-terminating
 * proxy (`trustProxy`), the proxy's `X-Forwarded-For` / `X-Forwarded-Proto` say it; without
 * one they are ignored, since any client could send them.
 */
export interface ClientView {
  address: string;
  https: boolean;
}

export function clientOf(c: AppContext, trustProxy: boolean): ClientView {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    if (forwarded) return { address: forwarded, https: proto === 'https' || new URL(c.req.url).protocol === 'https:' };
  }
  let address = 'unknown';
  try {
    address = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not served by Node's HTTP server (e.g. `app.request()` in a script): no socket to ask.
  }
  return { address, https: new URL(c.req.url).protocol === 'https:' };
}
