import { browser } from 'wxt/browser';
import { JETWAY_CHROMIUM_REDIRECT_URI, OAUTH_CLIENT_ID, OAuthErrorSchema, TokenResponseSchema, type OAuthError, type TokenResponse } from '@/utils/contract/oauth';
import type { JetwayDb } from '@/utils/db';
import { t } from '@/utils/i18n';
import { authItem, pendingSignInItem, readAuth, readPendingSignIn, type Auth } from '@/utils/storage';

/**
 * Browser sign-in and the session that outlasts restarts (docs/sign-in.md, "In the
 * extension"). The background alone holds tokens: the short-lived access token in
 * `storage.session`, the rotating refresh token in the extension's IndexedDB. Pages get
 * names and outcomes, never a token.
 */

/** A sign-in left unfinished this long is forgotten (its code would have expired anyway). */
export const PENDING_SIGN_IN_TTL_MS = 10 * 60_000;
/** Refresh this long before the access token expires, so no request carries a dead one. */
const REFRESH_MARGIN_MS = 60_000;

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A PKCE code verifier (RFC 7636 §4.1): 32 random bytes, 43 URL-safe characters. */
export function newCodeVerifier(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 code challenge of a verifier. */
export async function codeChallengeOf(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** Where the server sends the agent back: the Chromium extension page, or Firefox's identity URL. */
export function redirectUri(): string {
  if (import.meta.env.FIREFOX) return browser.identity.getRedirectURL();
  return JETWAY_CHROMIUM_REDIRECT_URI;
}

/** The authorization URL for a new sign-in; its verifier and state wait in the session store. */
export async function beginSignIn(serverUrl: string): Promise<string> {
  const origin = new URL(serverUrl).origin;
  const verifier = newCodeVerifier();
  const state = newCodeVerifier();
  const redirect = redirectUri();
  await pendingSignInItem.setValue({ serverUrl: origin, state, verifier, redirectUri: redirect, createdAt: Date.now() });
  const url = new URL('/oauth/authorize', origin);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: OAUTH_CLIENT_ID,
    redirect_uri: redirect,
    code_challenge: await codeChallengeOf(verifier),
    code_challenge_method: 'S256',
    state,
  }).toString();
  return url.toString();
}

/** `message` is in the agent's language: it reaches the options page and the sign-in tab. */
export type TokenOutcome =
  | { kind: 'ok'; serverUrl: string; tokens: TokenResponse }
  /** The server refused the grant: the code or refresh token is dead for good. */
  | { kind: 'rejected'; message: string }
  /** No usable answer (offline, server down): try again later, keep what we have. */
  | { kind: 'unreachable'; message: string };

/**
 * Why the token endpoint refused, in the agent's words, chosen by its RFC 6749 §5.2 code.
 * The server's `error_description` is English for administrators and logs, never shown.
 */
export function tokenRefusalMessage(error: OAuthError['error'] | null, status: number): string {
  return error ? t(`oauthError_${error}`) : t('signInRefusedStatus', String(status));
}

/** POST /oauth/token (form-encoded, no cookies). */
export async function requestTokens(serverUrl: string, params: Record<string, string>, fetchImpl: typeof fetch = fetch): Promise<TokenOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(`${serverUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: OAUTH_CLIENT_ID, ...params }).toString(),
      credentials: 'omit',
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return { kind: 'unreachable', message: t('signInUnreachable', serverUrl) };
  }
  const json: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = TokenResponseSchema.safeParse(json);
    if (parsed.success) return { kind: 'ok', serverUrl, tokens: parsed.data };
    return { kind: 'unreachable', message: t('signInNotJetway', serverUrl) };
  }
  const problem = OAuthErrorSchema.safeParse(json);
  if (response.status === 400 || response.status === 401) {
    return { kind: 'rejected', message: tokenRefusalMessage(problem.success ? problem.data.error : null, response.status) };
  }
  return { kind: 'unreachable', message: t('signInServerStatus', String(response.status)) };
}

/** Keeps a token answer: the new refresh token first (the old one is spent), then the access token. */
export async function storeTokens(db: JetwayDb, serverUrl: string, tokens: TokenResponse): Promise<Auth> {
  await db.credentials.put({ id: 'agent', serverUrl, refreshToken: tokens.refresh_token, agentId: tokens.agent.id, savedAt: Date.now() });
  const auth: Auth = { serverUrl, token: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000 };
  await authItem.setValue(auth);
  return auth;
}

/** Checks the state the server sent back against the pending sign-in, then trades the code for tokens. */
export async function finishSignIn(
  db: JetwayDb,
  code: string,
  state: string,
  fetchImpl?: typeof fetch,
): Promise<{ ok: true; serverUrl: string; tokens: TokenResponse } | { ok: false; message: string }> {
  const pending = await readPendingSignIn();
  if (!pending || pending.state !== state || Date.now() - pending.createdAt > PENDING_SIGN_IN_TTL_MS) {
    return { ok: false, message: t('signInNotStartedHere') };
  }
  // One use only: a replayed redirect finds nothing to finish.
  await pendingSignInItem.setValue(null);
  const outcome = await requestTokens(
    pending.serverUrl,
    { grant_type: 'authorization_code', code, code_verifier: pending.verifier, redirect_uri: pending.redirectUri },
    fetchImpl,
  );
  if (outcome.kind !== 'ok') return { ok: false, message: t('signInFailed', outcome.message) };
  await storeTokens(db, outcome.serverUrl, outcome.tokens);
  return { ok: true, serverUrl: outcome.serverUrl, tokens: outcome.tokens };
}

export type RenewOutcome = { kind: 'ok'; auth: Auth } | { kind: 'ended'; message: string } | { kind: 'unavailable' };

/**
 * The session's tokens for the background's API client: an access token that is still
 * good, refreshed when it is about to expire, is gone (browser restart, extension update)
 * or the server refused it. One refresh at a time: concurrent callers share it, so a
 * rotating refresh token is never spent twice.
 */
export function createTokenKeeper(db: JetwayDb, fetchImpl?: typeof fetch) {
  let inflight: Promise<RenewOutcome> | null = null;

  const refreshOnce = async (): Promise<RenewOutcome> => {
    const stored = await db.credentials.get('agent');
    if (!stored) return { kind: 'unavailable' };
    const outcome = await requestTokens(stored.serverUrl, { grant_type: 'refresh_token', refresh_token: stored.refreshToken }, fetchImpl);
    if (outcome.kind === 'rejected') return { kind: 'ended', message: outcome.message };
    if (outcome.kind === 'unreachable') return { kind: 'unavailable' };
    return { kind: 'ok', auth: await storeTokens(db, outcome.serverUrl, outcome.tokens) };
  };

  const refresh = (): Promise<RenewOutcome> => {
    inflight ??= refreshOnce().finally(() => {
      inflight = null;
    });
    return inflight;
  };

  return {
    refresh,
    /** Whether this session can refresh (browser sign-in) rather than a pasted token. */
    async refreshable(): Promise<boolean> {
      return (await db.credentials.get('agent')) !== undefined;
    },
    /** The access token to use now, refreshing first when it is missing or about to expire. */
    async current(): Promise<{ auth: Auth | null; ended?: string }> {
      const auth = await readAuth();
      if (auth && (auth.expiresAt === undefined || auth.expiresAt - REFRESH_MARGIN_MS > Date.now())) return { auth };
      if (inflight === null && !(await db.credentials.get('agent'))) return { auth };
      const renewed = await refresh();
      if (renewed.kind === 'ok') return { auth: renewed.auth };
      if (renewed.kind === 'ended') return { auth: null, ended: renewed.message };
      // Offline: an expired token may still be the best there is until the server answers.
      return { auth };
    },
    /** After the server refused `rejectedToken`: a newer token if another caller already refreshed, else one refresh. */
    async afterRejection(rejectedToken: string): Promise<RenewOutcome> {
      const auth = await readAuth();
      if (auth && auth.token !== rejectedToken) return { kind: 'ok', auth };
      return refresh();
    },
    /** Tells the server to revoke the refresh token (RFC 7009), then forgets it. */
    async revoke(): Promise<void> {
      const stored = await db.credentials.get('agent');
      await db.credentials.delete('agent');
      if (!stored) return;
      await (fetchImpl ?? fetch)(`${stored.serverUrl}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: stored.refreshToken, token_type_hint: 'refresh_token', client_id: OAUTH_CLIENT_ID }).toString(),
        credentials: 'omit',
        signal: AbortSignal.timeout(10_000),
      }).catch(() => undefined);
    },
  };
}

export type TokenKeeper = ReturnType<typeof createTokenKeeper>;
