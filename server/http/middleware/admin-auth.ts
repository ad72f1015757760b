import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { CSRF_HEADER, SESSION_COOKIE } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { sessionByToken, type SessionPolicy } from '../../domain/sessions';
import type { AppEnv } from '../context';
import { HttpProblem } from '../problem';
import { sameSecret } from './auth';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The one gate of every /admin/v1 route. Accepts EITHER the admin key as
 * `Authorization: Bearer <key>` (the CLI, automation) OR the Console session cookie of an
 * account with role `admin`; a cookie-authenticated change must echo the session's CSRF
 * token in `X-Jetway-CSRF`. Agent tokens are not admin credentials, whatever the agent's
 * role. Without an admin key (`adminKey` null) only admin sessions get in.
 */
export function adminAuth(db: Database, adminKey: string | null, sessions: { clock: () => Date; policy: SessionPolicy }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const given = /^Bearer\s+(\S{10,200})$/i.exec(header)?.[1];
      if (adminKey === null || !sameSecret(given, adminKey)) {
        throw new HttpProblem(401, 'This is not the admin key. Send the key from the data dir (jetway-admin.key) or JETWAY_ADMIN_TOKEN as "Authorization: Bearer <key>".', undefined, {
          'www-authenticate': 'Bearer error="invalid_token"',
        });
      }
      c.set('admin', { kind: 'key' });
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) throw new HttpProblem(401, 'Send the admin key as "Authorization: Bearer <key>", or sign in to the Console as an admin.', undefined, { 'www-authenticate': 'Bearer' });
    const session = await sessionByToken(db, token, sessions.clock(), sessions.policy);
    if (!session) throw new HttpProblem(401, 'Your session has ended. Sign in again.');
    if (session.agent.role !== 'admin') throw new HttpProblem(403, 'Only an admin account may do this.');
    if (!SAFE_METHODS.has(c.req.method) && !sameSecret(c.req.header(CSRF_HEADER), session.csrfToken)) {
      throw new HttpProblem(403, `This change needs the ${CSRF_HEADER} header of your session. Reload the Console and try again.`);
    }
    c.set('admin', { kind: 'account', agent: session.agent });
    return next();
  };
}
