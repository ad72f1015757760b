import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ConsoleSessionSchema, CSRF_HEADER, SESSION_COOKIE, SignInSchema, type ConsoleSession } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { endSession, openSession, sessionByToken, signIn, type Session, type SessionPolicy, type SignInLimits } from '../../domain/sessions';
import { handoffTargets, otherTeams, teamDeadlineSettings } from '../../domain/teams';
import { clientOf } from '../client';
import type { AppContext } from '../context';
import { sameSecret } from '../middleware/auth';
import { jsonBody, jsonResponse, problemResponse, router } from '../openapi';
import { HttpProblem } from '../problem';

export interface SessionSettings {
  clock: () => Date;
  policy: SessionPolicy;
  limits: SignInLimits;
  trustProxy: boolean;
}

const signInRoute = createRoute({
  method: 'post',
  path: '/auth/session',
  summary: 'Sign in to the Console with email and password: sets the session cookie and answers the session with its CSRF token',
  security: [],
  request: { body: jsonBody(SignInSchema) },
  responses: {
    200: jsonResponse(ConsoleSessionSchema, 'Signed in; Set-Cookie: jetway_session (HttpOnly, SameSite=Strict)'),
    400: problemResponse('Invalid request (per-field errors)'),
    401: problemResponse('Email or password is wrong (the same answer for both)'),
    403: problemResponse('The account is disabled'),
    429: problemResponse('Too many failed sign-ins for this account or address; see Retry-After'),
  },
});

const sessionRoute = createRoute({
  method: 'get',
  path: '/auth/session',
  summary: 'The signed-in Console session (account, team, other teams, CSRF token), or 401',
  security: [{ session: [] }],
  responses: {
    200: jsonResponse(ConsoleSessionSchema, 'The session'),
    401: problemResponse('Not signed in, or the session ended'),
  },
});

const signOutRoute = createRoute({
  method: 'delete',
  path: '/auth/session',
  summary: `Sign out: ends the session and clears the cookie (send ${CSRF_HEADER})`,
  security: [{ session: [] }],
  responses: {
    204: { description: 'Signed out (also when no session was open)' },
    403: problemResponse(`No or a wrong ${CSRF_HEADER} header`),
  },
});

async function consoleSession(db: Database, session: Session): Promise<ConsoleSession> {
  const { agent } = session;
  const [deadlines, teams, targets] = await Promise.all([teamDeadlineSettings(db, agent.teamId), otherTeams(db, agent.teamId), handoffTargets(db, agent.teamId)]);
  return {
    account: { id: agent.agentId, name: agent.agentName, email: agent.email, role: agent.role },
    team: { id: agent.teamId, name: agent.teamName, deadlines },
    teams,
    handoffTargets: targets,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  };
}

/** Sets the Console's session cookie (after a sign-in with a password or through the company's identity provider). */
export function setSessionCookie(c: AppContext, token: string, secure: boolean, policy: SessionPolicy): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure, maxAge: Math.floor(policy.absoluteMs / 1000) });
}

const notSignedIn = () => new HttpProblem(401, 'Not signed in, or the session ended. Sign in again.', undefined, {}, 'not_signed_in');

/** The Console's cookie session: sign in, read, sign out. */
export function sessionRoutes(db: Database, settings: SessionSettings) {
  return router()
    .openapi(signInRoute, async (c) => {
      const { email, password } = c.req.valid('json');
      const client = clientOf(c, settings.trustProxy);
      const now = settings.clock();
      const agent = await signIn(db, { email, password, client: client.address }, now, settings.limits);
      const session = await openSession(db, agent, now, settings.policy);
      setSessionCookie(c, session.token, client.https, settings.policy);
      return c.json(await consoleSession(db, session), 200);
    })
    .openapi(sessionRoute, async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      const session = token ? await sessionByToken(db, token, settings.clock(), settings.policy) : null;
      if (!session) throw notSignedIn();
      return c.json(await consoleSession(db, session), 200);
    })
    .openapi(signOutRoute, async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      const session = token ? await sessionByToken(db, token, settings.clock(), settings.policy) : null;
      if (session && !sameSecret(c.req.header(CSRF_HEADER), session.csrfToken)) {
        throw new HttpProblem(403, `Signing out needs the ${CSRF_HEADER} header of your session. Reload the Console and try again.`, undefined, {}, 'csrf_missing');
      }
      if (token) await endSession(db, token);
      deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: clientOf(c, settings.trustProxy).https });
      return c.body(null, 204);
    });
}
