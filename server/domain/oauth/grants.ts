import { createHash, randomBytes } from 'node:crypto';
import { ACCESS_TOKEN_SECONDS, type OAuthError, type TokenResponse } from '../../../utils/contract';
import type { Database, Queryable } from '../../db/database';
import { AGENT_COLUMNS, agentFrom, hashToken, type AgentContext, type AgentRow } from '../agents';

/**
 * The grants behind browser sign-in. Codes, refresh tokens and access tokens are random,
 * returned once and kept only as SHA-256 hashes. A family is one sign-in of one browser;
 * every check reads the database, so a revocation holds at once on every replica.
 */
export interface GrantPolicy {
  codeMs: number;
  accessMs: number;
  /** A family ends when its refresh token goes unused this long… */
  refreshIdleMs: number;
  /** …or this long after sign-in, whichever comes first. */
  refreshAbsoluteMs: number;
}

const DAY = 24 * 60 * 60_000;
export const GRANT_POLICY: GrantPolicy = { codeMs: 60_000, accessMs: ACCESS_TOKEN_SECONDS * 1000, refreshIdleMs: 30 * DAY, refreshAbsoluteMs: 90 * DAY };

/** Access and refresh tokens carry a prefix, so a request's token is looked up in one place only. */
export const ACCESS_TOKEN_PREFIX = 'jwa_';
const REFRESH_TOKEN_PREFIX = 'jwr_';

const secret = (prefix = '') => `${prefix}${randomBytes(32).toString('base64url')}`;

/** A refusal of the token endpoint (RFC 6749 §5.2), said in words a person can act on. */
export class OAuthGrantError extends Error {
  constructor(
    readonly error: OAuthError['error'],
    readonly description: string,
  ) {
    super(description);
  }
}

const invalidGrant = (description: string) => new OAuthGrantError('invalid_grant', description);

/** base64url(SHA-256(verifier)), as the client sent it in `code_challenge` (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export interface CodeBinding {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
}

/** A single-use authorization code for the signed-in agent, bound to the client, redirect URI and challenge. */
export async function issueCode(db: Queryable, agentId: string, binding: CodeBinding, now: Date, policy: GrantPolicy = GRANT_POLICY): Promise<string> {
  const code = secret();
  await db.query(
    'INSERT INTO oauth_codes (code_hash, agent_id, client_id, redirect_uri, code_challenge, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [hashToken(code), agentId, binding.clientId, binding.redirectUri, binding.codeChallenge, new Date(now.getTime() + policy.codeMs)],
  );
  return code;
}

async function enabledAgent(db: Queryable, agentId: string): Promise<AgentContext | null> {
  const [row] = await db.query<AgentRow>(`SELECT ${AGENT_COLUMNS} FROM agents a JOIN teams t ON t.id = a.team_id WHERE a.id = $1 AND a.disabled_at IS NULL`, [agentId]);
  return row ? agentFrom(row) : null;
}

/** A new access token and the next refresh token of a family. */
async function issueTokens(db: Queryable, familyId: string, agent: AgentContext, now: Date, policy: GrantPolicy): Promise<TokenResponse> {
  const access = secret(ACCESS_TOKEN_PREFIX);
  const refresh = secret(REFRESH_TOKEN_PREFIX);
  await db.query('INSERT INTO oauth_access_tokens (token_hash, family_id, expires_at) VALUES ($1, $2, $3)', [
    hashToken(access),
    familyId,
    new Date(now.getTime() + policy.accessMs),
  ]);
  await db.query('INSERT INTO oauth_refresh_tokens (token_hash, family_id, issued_at) VALUES ($1, $2, $3)', [hashToken(refresh), familyId, now]);
  return {
    access_token: access,
    token_type: 'Bearer',
    expires_in: Math.floor(policy.accessMs / 1000),
    refresh_token: refresh,
    agent: { id: agent.agentId, name: agent.agentName, team: agent.teamName, email: agent.email },
  };
}

async function revokeFamily(db: Queryable, familyId: string, reason: string, now: Date): Promise<void> {
  await db.query('UPDATE oauth_families SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL', [familyId, now, reason]);
  await db.query('DELETE FROM oauth_access_tokens WHERE family_id = $1', [familyId]);
}

type Outcome = { tokens: TokenResponse } | { refused: OAuthGrantError };

/**
 * Runs a grant in a transaction that commits even when the grant is refused: a refusal may
 * have revoked a family (a replayed code or refresh token), and that must stick.
 */
async function grant(db: Database, work: (tx: Queryable) => Promise<TokenResponse>): Promise<TokenResponse> {
  const outcome = await db.transaction<Outcome>(async (tx) => {
    try {
      return { tokens: await work(tx) };
    } catch (error) {
      if (error instanceof OAuthGrantError) return { refused: error };
      throw error;
    }
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome.tokens;
}

/**
 * `grant_type=authorization_code`: the code is spent whatever happens next. A code presented
 * twice revokes the sign-in it already gave (RFC 6749 §4.1.2): someone else has it.
 */
export function exchangeCode(
  db: Database,
  request: { code: string; codeVerifier: string; redirectUri: string; clientId: string },
  now: Date,
  policy: GrantPolicy = GRANT_POLICY,
): Promise<TokenResponse> {
  return grant(db, async (tx) => {
    const codeHash = hashToken(request.code);
    const [code] = await tx.query<{ agent_id: string; client_id: string; redirect_uri: string; code_challenge: string; expires_at: Date }>(
      'UPDATE oauth_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL RETURNING agent_id, client_id, redirect_uri, code_challenge, expires_at',
      [codeHash, now],
    );
    if (!code) {
      const [spent] = await tx.query<{ family_id: string | null }>('SELECT family_id FROM oauth_codes WHERE code_hash = $1', [codeHash]);
      if (spent?.family_id) await revokeFamily(tx, spent.family_id, 'authorization code reused', now);
      throw invalidGrant('This sign-in code is unknown or was already used. Sign in again.');
    }
    if (new Date(code.expires_at).getTime() <= now.getTime()) throw invalidGrant('This sign-in code has expired. Sign in again.');
    if (code.client_id !== request.clientId) throw invalidGrant('This sign-in code was issued to another client.');
    if (code.redirect_uri !== request.redirectUri) throw invalidGrant('redirect_uri differs from the one the sign-in started with.');
    if (s256(request.codeVerifier) !== code.code_challenge) throw invalidGrant('code_verifier does not match the code_challenge of this sign-in.');
    const agent = await enabledAgent(tx, code.agent_id);
    if (!agent) throw invalidGrant('This account is disabled. Ask your Jetway administrator.');
    const [family] = await tx.query<{ id: string }>(
      'INSERT INTO oauth_families (agent_id, client_id, created_at, last_used_at, expires_at) VALUES ($1, $2, $3, $3, $4) RETURNING id',
      [agent.agentId, request.clientId, now, new Date(now.getTime() + policy.refreshAbsoluteMs)],
    );
    await tx.query('UPDATE oauth_codes SET family_id = $2 WHERE code_hash = $1', [codeHash, family!.id]);
    return issueTokens(tx, family!.id, agent, now, policy);
  });
}

/**
 * `grant_type=refresh_token`: answers a new refresh token and retires the one sent. A
 * retired one sent again means two parties hold the family's tokens: the whole family is
 * revoked (RFC 9700 §4.14.2) and both must sign in again.
 */
export function refreshTokens(db: Database, request: { refreshToken: string; clientId: string }, now: Date, policy: GrantPolicy = GRANT_POLICY): Promise<TokenResponse> {
  return grant(db, async (tx) => {
    const tokenHash = hashToken(request.refreshToken);
    const [spent] = await tx.query<{ family_id: string }>(
      'UPDATE oauth_refresh_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL RETURNING family_id',
      [tokenHash, now],
    );
    if (!spent) {
      const [retired] = await tx.query<{ family_id: string }>('SELECT family_id FROM oauth_refresh_tokens WHERE token_hash = $1', [tokenHash]);
      if (retired) await revokeFamily(tx, retired.family_id, 'refresh token reused', now);
      throw invalidGrant('This sign-in has ended. Sign in again.');
    }
    const [family] = await tx.query<{ agent_id: string; client_id: string; last_used_at: Date; expires_at: Date; revoked_at: Date | null }>(
      'SELECT agent_id, client_id, last_used_at, expires_at, revoked_at FROM oauth_families WHERE id = $1',
      [spent.family_id],
    );
    const ended =
      !family ||
      family.revoked_at !== null ||
      new Date(family.expires_at).getTime() <= now.getTime() ||
      new Date(family.last_used_at).getTime() + policy.refreshIdleMs <= now.getTime();
    if (ended) throw invalidGrant('This sign-in has ended. Sign in again.');
    if (family.client_id !== request.clientId) throw invalidGrant('This refresh token was issued to another client.');
    const agent = await enabledAgent(tx, family.agent_id);
    if (!agent) throw invalidGrant('This account is disabled. Ask your Jetway administrator.');
    await tx.query('UPDATE oauth_families SET last_used_at = $2 WHERE id = $1', [spent.family_id, now]);
    return issueTokens(tx, spent.family_id, agent, now, policy);
  });
}

/**
 * RFC 7009: ends the sign-in an access or refresh token belongs to (every token of its
 * family). An unknown token changes nothing, and the answer is the same.
 */
export async function revokeToken(db: Queryable, token: string, now: Date): Promise<void> {
  const tokenHash = hashToken(token);
  const [row] = await db.query<{ family_id: string }>(
    `SELECT family_id FROM oauth_refresh_tokens WHERE token_hash = $1
     UNION ALL SELECT family_id FROM oauth_access_tokens WHERE token_hash = $1`,
    [tokenHash],
  );
  if (row) await revokeFamily(db, row.family_id, 'signed out', now);
}

/**
 * Ends every browser sign-in of an agent at once: unspent codes, refresh-token families and
 * their access tokens. For "sign out everywhere", deactivation and `agents revoke`.
 */
export async function revokeOAuthGrants(db: Queryable, agentId: string, now: Date = new Date()): Promise<void> {
  await db.query('UPDATE oauth_codes SET used_at = $2 WHERE agent_id = $1 AND used_at IS NULL', [agentId, now]);
  await db.query(`UPDATE oauth_families SET revoked_at = $2, revoked_reason = 'agent revoked' WHERE agent_id = $1 AND revoked_at IS NULL`, [agentId, now]);
  await db.query('DELETE FROM oauth_access_tokens a USING oauth_families f WHERE f.id = a.family_id AND f.agent_id = $1', [agentId]);
}

/** The enabled agent behind a live access token of a live family, or null. */
export async function agentByAccessToken(db: Queryable, token: string, now: Date): Promise<AgentContext | null> {
  const [row] = await db.query<AgentRow>(
    `SELECT ${AGENT_COLUMNS}
       FROM oauth_access_tokens x JOIN oauth_families f ON f.id = x.family_id
       JOIN agents a ON a.id = f.agent_id JOIN teams t ON t.id = a.team_id
      WHERE x.token_hash = $1 AND x.expires_at > $2 AND f.revoked_at IS NULL AND a.disabled_at IS NULL`,
    [hashToken(token), now],
  );
  return row ? agentFrom(row) : null;
}

/** Forgets spent or expired codes and access tokens, unfinished company sign-ins, and families ended more than a day ago. */
export async function purgeGrants(db: Queryable, now: Date, policy: GrantPolicy = GRANT_POLICY): Promise<void> {
  const dayAgo = new Date(now.getTime() - DAY);
  await db.query('DELETE FROM oauth_codes WHERE expires_at < $1', [dayAgo]);
  await db.query('DELETE FROM oauth_access_tokens WHERE expires_at < $1', [now]);
  await db.query('DELETE FROM oidc_logins WHERE expires_at < $1', [now]);
  await db.query('DELETE FROM oauth_families WHERE revoked_at < $1 OR expires_at < $1 OR last_used_at < $2', [
    dayAgo,
    new Date(dayAgo.getTime() - policy.refreshIdleMs),
  ]);
}
