import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/database';
import { AGENT_COLUMNS, agentFrom, hashToken, type AgentContext, type AgentRow } from './agents';
import { DomainError } from './errors';
import { verifyAgainstNothing, verifyPassword } from './passwords';

/** How long a Console session lasts: 8 hours without a request, 7 days at most. */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const SESSION_POLICY: SessionPolicy = { idleMs: 8 * 60 * 60_000, absoluteMs: 7 * 24 * 60 * 60_000 };

/**
 * Failed sign-ins allowed per account (the email tried) and per client address within the
 * window. Counted in the database, so every replica sees the same count. The address allows
 * more, since a whole contact centre may sign in from behind one address.
 */
export interface SignInLimits {
  perAccount: number;
  perClient: number;
  windowMs: number;
}

export const SIGN_IN_LIMITS: SignInLimits = { perAccount: 10, perClient: 30, windowMs: 15 * 60_000 };

/** The one answer for an unknown email and a wrong password: the API is no oracle for accounts. */
export const WRONG_CREDENTIALS = 'Email or password is wrong.';

/** A session's last request is written at most this often (the idle clock is this coarse). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Takes a sign-in attempt for the account and the client address, or refuses (429) when either
 * is at its limit. The attempt is counted before the password is checked, one at a time per
 * account and per address (on PostgreSQL transaction-scoped advisory locks), so guesses sent
 * at once, to one replica or several, cannot all slip under the limit while the slow hash
 * runs. Returns the attempt's id: it stays as a failure unless the sign-in succeeds.
 */
async function takeSignInAttempt(db: Database, attempt: { email: string; client: string }, now: Date, limits: SignInLimits): Promise<string> {
  return db.transaction(async (tx) => {
    if (db.engine === 'postgres') {
      // In one order (sorted), so two attempts sharing an account or an address never deadlock.
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k', [
        [`sign-in\naccount\n${attempt.email}`, `sign-in\nclient\n${attempt.client}`],
      ]);
    }
    const since = new Date(now.getTime() - limits.windowMs);
    const [row] = await tx.query<{ by_account: number; account_oldest: Date | null; by_client: number; client_oldest: Date | null }>(
      `SELECT (SELECT count(*)::int FROM sign_in_failures WHERE email = $1 AND at > $3) AS by_account,
              (SELECT min(at) FROM sign_in_failures WHERE email = $1 AND at > $3) AS account_oldest,
              (SELECT count(*)::int FROM sign_in_failures WHERE client = $2 AND at > $3) AS by_client,
              (SELECT min(at) FROM sign_in_failures WHERE client = $2 AND at > $3) AS client_oldest`,
      [attempt.email, attempt.client, since],
    );
    const oldest = [
      row!.by_account >= limits.perAccount ? row!.account_oldest : null,
      row!.by_client >= limits.perClient ? row!.client_oldest : null,
    ].filter((at): at is Date => at !== null);
    if (oldest.length > 0) {
      const freeAt = Math.max(...oldest.map((at) => new Date(at).getTime() + limits.windowMs));
      const seconds = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
      throw new DomainError('rate_limited', `Too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} min.`, undefined, seconds, 'rate_limited');
    }
    const [taken] = await tx.query<{ id: string }>('INSERT INTO sign_in_failures (at, email, client) VALUES ($1, $2, $3) RETURNING id::text', [
      now,
      attempt.email,
      attempt.client,
    ]);
    return taken!.id;
  });
}

/**
 * Checks an email and password. Unknown email and wrong password answer alike, and take
 * alike long (an unknown email is checked against a dummy hash). Failures count towards the
 * account's and the client address's limits; a success clears the account's.
 */
export async function signIn(
  db: Database,
  attempt: { email: string; password: string; client: string },
  now: Date,
  limits: SignInLimits = SIGN_IN_LIMITS,
): Promise<AgentContext> {
  const attemptId = await takeSignInAttempt(db, attempt, now, limits);
  const [row] = await db.query<AgentRow & { password_hash: string | null; disabled_at: Date | null }>(
    `SELECT ${AGENT_COLUMNS}, a.password_hash, a.disabled_at FROM agents a JOIN teams t ON t.id = a.team_id WHERE lower(a.email) = $1`,
    [attempt.email],
  );
  const matches = row?.password_hash ? await verifyPassword(attempt.password, row.password_hash) : await verifyAgainstNothing(attempt.password);
  if (!row || !matches) throw new DomainError('unauthenticated', WRONG_CREDENTIALS, undefined, undefined, 'wrong_credentials');
  if (row.disabled_at !== null) {
    // The right password: not a guess to count.
    await db.query('DELETE FROM sign_in_failures WHERE id = $1', [attemptId]);
    throw new DomainError('forbidden', 'This account is disabled. Ask your Jetway administrator.', undefined, undefined, 'account_disabled');
  }
  await db.query('DELETE FROM sign_in_failures WHERE email = $1', [attempt.email]);
  return agentFrom(row);
}

export interface Session {
  agent: AgentContext;
  csrfToken: string;
  /** When the session ends unless used again (idle), or for good (absolute), whichever is first. */
  expiresAt: Date;
}

function expiryOf(lastSeen: Date, absoluteEnd: Date, policy: SessionPolicy): Date {
  return new Date(Math.min(lastSeen.getTime() + policy.idleMs, absoluteEnd.getTime()));
}

/** Opens a session: the cookie's value is returned once; the database keeps only its hash. */
export async function openSession(db: Queryable, agent: AgentContext, now: Date, policy: SessionPolicy = SESSION_POLICY): Promise<Session & { token: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const absoluteEnd = new Date(now.getTime() + policy.absoluteMs);
  await db.query(
    `INSERT INTO console_sessions (token_hash, agent_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)`,
    [hashToken(token), agent.agentId, csrfToken, now, absoluteEnd],
  );
  // Every sign-in (Console, browser sign-in page, company SSO) opens a session: the admin's Agents page shows the last.
  await db.query('UPDATE agents SET last_sign_in_at = $2 WHERE id = $1', [agent.agentId, now]);
  return { token, agent, csrfToken, expiresAt: expiryOf(now, absoluteEnd, policy) };
}

/**
 * The live session a cookie names: not idle too long, not past its absolute end, and its
 * agent still enabled (checked on every request: a disabled agent is refused at once).
 */
export async function sessionByToken(db: Queryable, token: string, now: Date, policy: SessionPolicy = SESSION_POLICY): Promise<Session | null> {
  const [row] = await db.query<AgentRow & { session_id: string; csrf_token: string; last_seen_at: Date; expires_at: Date }>(
    `SELECT ${AGENT_COLUMNS}, s.id AS session_id, s.csrf_token, s.last_seen_at, s.expires_at
       FROM console_sessions s JOIN agents a ON a.id = s.agent_id JOIN teams t ON t.id = a.team_id
      WHERE s.token_hash = $1 AND a.disabled_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3`,
    [hashToken(token), now, new Date(now.getTime() - policy.idleMs)],
  );
  if (!row) return null;
  let lastSeen = new Date(row.last_seen_at);
  if (now.getTime() - lastSeen.getTime() >= TOUCH_EVERY_MS) {
    await db.query('UPDATE console_sessions SET last_seen_at = $2 WHERE id = $1', [row.session_id, now]);
    lastSeen = now;
  }
  return { agent: agentFrom(row), csrfToken: row.csrf_token, expiresAt: expiryOf(lastSeen, new Date(row.expires_at), policy) };
}

/** Signs the session out (a cookie nobody holds any more changes nothing). */
export async function endSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM console_sessions WHERE token_hash = $1', [hashToken(token)]);
}

/** Forgets ended sessions and failed sign-ins older than a day. */
export async function purgeSessions(db: Queryable, now: Date, policy: SessionPolicy = SESSION_POLICY): Promise<void> {
  await db.query('DELETE FROM console_sessions WHERE expires_at < $1 OR last_seen_at < $2', [now, new Date(now.getTime() - policy.idleMs)]);
  await db.query('DELETE FROM sign_in_failures WHERE at < $1', [new Date(now.getTime() - 24 * 60 * 60_000)]);
}
