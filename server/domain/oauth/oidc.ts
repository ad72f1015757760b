import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { AuthorizeRequest } from '../../../utils/contract';
import type { Database, Queryable } from '../../db/database';
import { AGENT_COLUMNS, agentFrom, createAgent, type AgentContext, type AgentRow } from '../agents';
import { log } from '../../logger';

/**
 * Company sign-in: the server is a confidential client of the airline's identity provider
 * (OpenID Connect, authorization code + PKCE, `openid email profile`). The IdP's verified
 * email names the agent. What a sign-in under way needs (state, nonce, verifier, where to
 * return) is kept in the database, so any replica can finish it, and bound to the browser
 * that started it by a cookie whose hash is kept beside it.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's "Sign in with <name>". */
  name: string;
  /** When set, an unknown verified email becomes a new agent of this team. */
  defaultTeam?: string;
}

/** Where a company sign-in ends: the extension's authorization request, or a Console session. */
export type ReturnTo = { kind: 'extension'; request: AuthorizeRequest } | { kind: 'console' };

export type RefusalReason = 'expired' | 'provider' | 'unverified' | 'unknown' | 'disabled';

/** A company sign-in that cannot go on, with what the person should know. */
export class CompanySignInRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly email?: string,
  ) {
    super(`company sign-in refused: ${reason}`);
  }
}

/** A sign-in under way lasts 10 minutes at the IdP. */
export const OIDC_LOGIN_MS = 10 * 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Plain http is allowed for an IdP on this machine only (development and the tests). */
function isLoopbackHttp(issuer: URL): boolean {
  return issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
}

export class CompanySignIn {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(readonly settings: OidcSettings) {}

  /** The IdP's metadata, discovered on first use (and again after a failure). */
  private config(): Promise<client.Configuration> {
    const issuer = new URL(this.settings.issuer);
    this.configuration ??= client
      .discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, isLoopbackHttp(issuer) ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        this.configuration = null;
        throw error;
      });
    return this.configuration;
  }

  /** Starts a sign-in at the IdP: where to send the browser, and the secret its cookie must hold. */
  async start(db: Queryable, returnTo: ReturnTo, callbackUrl: string, now: Date): Promise<{ location: string; browserSecret: string }> {
    const config = await this.config();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const verifier = client.randomPKCECodeVerifier();
    const browserSecret = randomBytes(32).toString('base64url');
    await db.query('INSERT INTO oidc_logins (state_hash, browser_hash, nonce, code_verifier, return_to, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      sha256(state),
      sha256(browserSecret),
      nonce,
      verifier,
      JSON.stringify(returnTo),
      new Date(now.getTime() + OIDC_LOGIN_MS),
    ]);
    const location = client.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl,
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return { location: location.href, browserSecret };
  }

  /**
   * Finishes a sign-in on the IdP's answer (`currentUrl`, the callback with its query): the
   * sign-in under way is spent, the code exchanged and the ID token checked (issuer,
   * audience, nonce), then the verified email names the agent.
   */
  async finish(db: Database, currentUrl: URL, browserSecret: string | undefined, now: Date): Promise<{ agent: AgentContext; returnTo: ReturnTo }> {
    const state = currentUrl.searchParams.get('state') ?? '';
    const [login] = await db.query<{ browser_hash: string; nonce: string; code_verifier: string; return_to: ReturnTo | string; expires_at: Date }>(
      'DELETE FROM oidc_logins WHERE state_hash = $1 RETURNING browser_hash, nonce, code_verifier, return_to, expires_at',
      [sha256(state)],
    );
    if (!login || browserSecret === undefined || sha256(browserSecret) !== login.browser_hash || new Date(login.expires_at).getTime() <= now.getTime()) {
      throw new CompanySignInRefused('expired');
    }
    const returnTo: ReturnTo = typeof login.return_to === 'string' ? (JSON.parse(login.return_to) as ReturnTo) : login.return_to;
    if (currentUrl.searchParams.has('error')) throw new CompanySignInRefused('provider');
    let claims: Record<string, unknown>;
    try {
      const config = await this.config();
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: login.code_verifier,
        expectedState: state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims()!;
      claims = idToken;
      // Many providers keep the email out of the ID token (it comes with the access token's scopes): ask UserInfo.
      if (typeof idToken.email !== 'string' || idToken.email_verified === undefined) {
        claims = { ...idToken, ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)) };
      }
    } catch (error) {
      log.warn({ err: error }, "Company sign-in: the identity provider's answer was refused");
      throw new CompanySignInRefused('provider');
    }
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email || claims.email_verified !== true) throw new CompanySignInRefused('unverified', email || undefined);
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
    return { agent: await this.agentFor(db, email, name), returnTo };
  }

  private async agentFor(db: Queryable, email: string, name: string): Promise<AgentContext> {
    const byEmail = () =>
      db.query<AgentRow & { disabled_at: Date | null }>(`SELECT ${AGENT_COLUMNS}, a.disabled_at FROM agents a JOIN teams t ON t.id = a.team_id WHERE lower(a.email) = $1`, [email]);
    let [row] = await byEmail();
    if (!row && this.settings.defaultTeam) {
      await createAgent(db, { name, team: this.settings.defaultTeam, email });
      [row] = await byEmail();
    }
    if (!row) throw new CompanySignInRefused('unknown', email);
    if (row.disabled_at !== null) throw new CompanySignInRefused('disabled', email);
    return agentFrom(row);
  }
}
