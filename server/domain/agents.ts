import { createHash, randomBytes } from 'node:crypto';
import { EmailSchema, hasControlChars, PasswordSchema, type AgentListing, type Role } from '../../utils/contract';
import type { Queryable } from '../db/database';
import { conflict, invalid, notFound } from './errors';
import { hashPassword, newPassword } from './passwords';
import { ensureTeam } from './teams';
import { revokeOAuthGrants } from './oauth/grants';

/** The signed-in agent every request runs as; all queries are scoped by `teamId`. */
export interface AgentContext {
  agentId: string;
  agentName: string;
  teamId: string;
  teamName: string;
  role: Role;
  email: string | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new agent token: shown once, stored only as its hash. */
export function newToken(): string {
  return `jw_${randomBytes(32).toString('base64url')}`;
}

export interface AgentRow {
  agent_id: string;
  agent_name: string;
  team_id: string;
  team_name: string;
  role: Role;
  email: string | null;
}

/** The columns of an agent and their team (`a` and `t`), as `AgentRow`. */
export const AGENT_COLUMNS = 'a.id AS agent_id, a.name AS agent_name, t.id AS team_id, t.name AS team_name, a.role, a.email';
const AGENT_SELECT = `SELECT ${AGENT_COLUMNS} FROM agents a JOIN teams t ON t.id = a.team_id`;

export function agentFrom(row: AgentRow): AgentContext {
  return { agentId: row.agent_id, agentName: row.agent_name, teamId: row.team_id, teamName: row.team_name, role: row.role, email: row.email };
}

/** The enabled agent holding this token, by the token's hash. */
export async function agentByTokenHash(db: Queryable, tokenHash: string): Promise<AgentContext | null> {
  const [row] = await db.query<AgentRow>(`${AGENT_SELECT} WHERE a.token_hash = $1 AND a.disabled_at IS NULL`, [tokenHash]);
  return row ? agentFrom(row) : null;
}

export interface NewAgent {
  name: string;
  team: string;
  /** For signing in to the Console; unique whatever its case. */
  email?: string;
  role?: Role;
  /** At least 12 characters; stored only as a scrypt hash. */
  password?: string;
  /** Instead of `password`: make one up and return it once. */
  issuePassword?: boolean;
}

/** Why an account's details cannot be used, in the operator's words; null when they can. */
function accountRefusal(input: { email?: string; password?: string }): string | null {
  if (input.email !== undefined && !EmailSchema.safeParse(input.email).success) return `"${input.email}" is not an email address.`;
  if (input.password !== undefined) {
    const parsed = PasswordSchema.safeParse(input.password);
    if (!parsed.success) return parsed.error.issues[0]!.message;
  }
  if (input.password !== undefined && input.email === undefined) return 'A password needs an email to sign in with (--email).';
  return null;
}

/**
 * Creates an agent (and the team if needed), optionally with an email, role and password
 * for the Console. The token is returned once and stored only hashed.
 */
export async function createAgent(db: Queryable, input: NewAgent): Promise<{ agentId: string; teamId: string; token: string; password?: string }> {
  if (input.issuePassword) {
    if (input.password !== undefined) throw invalid('Give a password or ask for one to be made up, not both.');
    if (input.email === undefined) throw invalid('A password needs an email to sign in with.');
    const password = newPassword();
    return { ...(await createAgent(db, { ...input, issuePassword: false, password })), password };
  }
  const name = input.name.trim();
  if (!name) throw invalid('An agent needs a name (--name).');
  if (hasControlChars(name) || hasControlChars(input.team)) throw invalid('Names cannot hold control characters (such as NUL).');
  const refusal = accountRefusal(input);
  if (refusal) throw invalid(refusal);
  const email = input.email === undefined ? null : EmailSchema.parse(input.email);
  if (email !== null && (await db.query('SELECT 1 FROM agents WHERE lower(email) = $1', [email])).length > 0) {
    throw conflict(`An account with the email ${email} already exists.`);
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const teamId = await ensureTeam(db, input.team);
  const token = newToken();
  const [row] = await db.query<{ id: string }>(
    'INSERT INTO agents (team_id, name, token_hash, email, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [teamId, name, hashToken(token), email, input.role ?? 'agent', passwordHash],
  );
  return { agentId: row!.id, teamId, token };
}

/** Sets an agent's Console account: email, role and password (the demo's lead gets one this way). */
export async function setAccount(db: Queryable, agentId: string, account: { email: string; role: Role; password: string }): Promise<void> {
  const refusal = accountRefusal(account);
  if (refusal) throw new Error(refusal);
  await db.query('UPDATE agents SET email = $2, role = $3, password_hash = $4 WHERE id = $1', [
    agentId,
    EmailSchema.parse(account.email),
    account.role,
    await hashPassword(account.password),
  ]);
}

/** The agent holding this token, when it is still theirs and they are enabled. */
export async function agentByToken(db: Queryable, token: string): Promise<AgentContext | null> {
  return agentByTokenHash(db, hashToken(token));
}

/** Gives an existing agent a new token (the old one stops working); creates the agent if missing. */
export async function rotateAgentToken(db: Queryable, input: { name: string; team: string }): Promise<string> {
  const teamId = await ensureTeam(db, input.team);
  const token = newToken();
  const updated = await db.query('UPDATE agents SET token_hash = $3 WHERE team_id = $1 AND name = $2 RETURNING id', [teamId, input.name, hashToken(token)]);
  if (updated.length > 0) return token;
  return (await createAgent(db, input)).token;
}

/** Every agent, by team and name. */
export async function listAgents(db: Queryable): Promise<AgentListing[]> {
  const rows = await db.query<Omit<AgentListing, 'lastSignInAt'> & { lastSignInAt: Date | null }>(
    `SELECT a.id, a.name, t.name AS team, a.email, a.role, a.disabled_at IS NOT NULL AS disabled, t.id AS "teamId",
            a.last_sign_in_at AS "lastSignInAt", a.password_hash IS NOT NULL AS "hasPassword"
       FROM agents a JOIN teams t ON t.id = a.team_id ORDER BY t.name, a.name, a.id`,
  );
  return rows.map((row) => ({ ...row, lastSignInAt: row.lastSignInAt === null ? null : new Date(row.lastSignInAt).toISOString() }));
}

/** The agent whose Console account has this email (whatever its case). */
export async function agentIdByEmail(db: Queryable, email: string): Promise<string> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM agents WHERE lower(email) = lower($1)', [email.trim()]);
  if (!row) throw notFound(`No agent has the email ${email.trim().toLowerCase()}.`);
  return row.id;
}

/**
 * Signs an agent out everywhere at once: their token is replaced by one nobody holds, every
 * Console session of theirs ends, and every browser sign-in (refresh family and access
 * token) stops. The account stays enabled: they can sign in again. Every request checks
 * the database, so this holds on every replica from the next request on.
 */
export async function signOutEverywhere(db: Queryable, agentId: string): Promise<{ name: string; sessionsEnded: number }> {
  const [agent] = await db.query<{ name: string }>('UPDATE agents SET token_hash = $2 WHERE id = $1 RETURNING name', [agentId, hashToken(newToken())]);
  if (!agent) throw notFound('No such agent.');
  const ended = await db.query('DELETE FROM console_sessions WHERE agent_id = $1 RETURNING id', [agentId]);
  await revokeOAuthGrants(db, agentId);
  return { name: agent.name, sessionsEnded: ended.length };
}

/** Revokes an agent at once: signed out everywhere, and the account disabled (no new sign-in). */
export async function revokeAgent(db: Queryable, agentId: string): Promise<{ name: string; sessionsEnded: number }> {
  const signedOut = await signOutEverywhere(db, agentId);
  await db.query('UPDATE agents SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1', [agentId]);
  return signedOut;
}

/**
 * Gives an agent's Console account a new password, made up here and returned once; their
 * sessions and browser sign-ins end (whoever knew the old password is out).
 */
export async function resetPassword(db: Queryable, agentId: string): Promise<{ name: string; password: string }> {
  const [agent] = await db.query<{ email: string | null }>('SELECT email FROM agents WHERE id = $1', [agentId]);
  if (!agent) throw notFound('No such agent.');
  if (agent.email === null) throw invalid('This agent has no Console account (no email) to sign in with a password.');
  const password = newPassword();
  await db.query('UPDATE agents SET password_hash = $2 WHERE id = $1', [agentId, await hashPassword(password)]);
  const { name } = await signOutEverywhere(db, agentId);
  return { name, password };
}
