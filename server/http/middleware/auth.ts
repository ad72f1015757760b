import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { CSRF_HEADER, SESSION_COOKIE } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { agentByTokenHash, hashToken } from '../../domain/agents';
import { ACCESS_TOKEN_PREFIX, agentByAccessToken } from '../../domain/oauth';
import { sessionByToken, type SessionPolicy } from '../../domain/sessions';
import type { AppEnv } from '../context';
import { HttpProblem } from '../problem';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Equal strings, compared in constant time whatever their lengths. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who is calling: an access token from the browser sign-in or a personal access token
 * (`Authorization: Bearer`, the extension and automation), or
 * the Console's session cookie. A cookie-authenticated change (anything but GET and HEAD)
 * must echo the session's CSRF token in `X-Jetway-CSRF`. The agent is read from the
 * database on every request, never from a cache: a disabled agent is refused at once, on
 * every replica.
 */
export function requireAgent(db: Database, sessions: { clock: () => Date; policy: SessionPolicy }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S{10,200})$/i.exec(header);
      if (!match) throw new HttpProblem(401, 'Send the agent token as "Authorization: Bearer <token>".', undefined, { 'www-authenticate': 'Bearer' });
      const token = match[1]!;
      // A browser sign-in's access token (short-lived, its sign-in checked) or a personal access token.
      const agent = token.startsWith(ACCESS_TOKEN_PREFIX) ? await agentByAccessToken(db, token, sessions.clock()) : await agentByTokenHash(db, hashToken(token));
      if (!agent) {
        throw new HttpProblem(401, 'This token is not valid. Ask your Jetway administrator for a new one.', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' }, 'token_invalid');
      }
      c.set('agent', agent);
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) {
      throw new HttpProblem(401, 'Sign in: send the agent token as "Authorization: Bearer <token>", or sign in to the Console.', undefined, {
        'www-authenticate': 'Bearer',
      });
    }
    const session = await sessionByToken(db, token, sessions.clock(), sessions.policy);
    if (!session) throw new HttpProblem(401, 'Your session has ended. Sign in again.', undefined, {}, 'session_ended');
    if (!SAFE_METHODS.has(c.req.method) && !sameSecret(c.req.header(CSRF_HEADER), session.csrfToken)) {
      throw new HttpProblem(403, `This change needs the ${CSRF_HEADER} header of your session. Reload the Console and try again.`, undefined, {}, 'csrf_missing');
    }
    c.set('agent', session.agent);
    return next();
  };
}
