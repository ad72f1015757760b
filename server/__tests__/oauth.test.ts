import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JETWAY_CHROMIUM_REDIRECT_URI, JETWAY_FIREFOX_REDIRECT_URI, MeSchema, OAUTH_CLIENT_ID, OAuthErrorSchema, TokenResponseSchema, type TokenResponse } from '../../utils/contract';
import { startServer, type RunningServer } from '../bin/serve';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { revokeOAuthGrants } from '../domain/oauth';
import { engines, freshDatabase, type TestDatabase } from './harness';

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'dana@airline.example';
const REDIRECT = JETWAY_CHROMIUM_REDIRECT_URI;
const CONFIGURED = 'https://sso-bridge.airline.example/jetway/callback';

/** A PKCE pair as the extension makes it: 32 random bytes, base64url, and its S256 challenge. */
function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  location: URL | null;
}

describe.each(engines())('browser sign-in (OAuth 2.0 code + PKCE) on %s', (engine) => {
  let fresh: TestDatabase;
  let server: RunningServer;
  let agentId: string;
  /** How far the server's clock runs ahead of the real one. */
  let ahead = 0;

  const send = async (method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Reply> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const location = response.headers.get('location');
    return { status: response.status, headers: response.headers, text: await response.text(), location: location ? new URL(location) : null };
  };

  const authorizeParams = (challenge: string, overrides: Record<string, string | undefined> = {}) => {
    const params: Record<string, string> = {};
    const all = { response_type: 'code', client_id: OAUTH_CLIENT_ID, redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', state: 'st-1', ...overrides };
    for (const [name, value] of Object.entries(all)) if (value !== undefined) params[name] = value;
    return params;
  };
  const authorize = (params: Record<string, string>, headers?: Record<string, string>) => send('GET', `/oauth/authorize?${new URLSearchParams(params)}`, undefined, headers);
  const submit = (params: Record<string, string>, email = EMAIL, password = PASSWORD, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) =>
    send('POST', '/oauth/authorize', { ...params, email, password }, headers);
  const token = (form: Record<string, string>) => send('POST', '/oauth/token', form);
  const exchange = (code: string, verifier: string, redirectUri = REDIRECT) =>
    token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id: OAUTH_CLIENT_ID });
  const refresh = (refreshToken: string) => token({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: OAUTH_CLIENT_ID });
  const me = (accessToken: string) => send('GET', '/v1/me', undefined, { authorization: `Bearer ${accessToken}` });

  /** Signs in on the page and answers the code the redirect carried. */
  const codeFor = async (challenge: string, overrides: Record<string, string | undefined> = {}) => {
    const answer = await submit(authorizeParams(challenge, overrides));
    expect(answer.status, answer.text).toBe(302);
    return answer.location!.searchParams.get('code')!;
  };
  /** A whole sign-in: page, code, tokens. */
  const signIn = async (): Promise<TokenResponse> => {
    const { verifier, challenge } = pkce();
    const answer = await exchange(await codeFor(challenge), verifier);
    expect(answer.status, answer.text).toBe(200);
    return TokenResponseSchema.parse(JSON.parse(answer.text));
  };
  const grantError = (reply: Reply) => OAuthErrorSchema.parse(JSON.parse(reply.text)).error;

  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    server = await startServer({ db: fresh.db, port: 0, now: () => new Date(Date.now() + ahead), oauthRedirectUris: [CONFIGURED], rateLimitPerMinute: 100_000 });
    ({ agentId } = await createAgent(fresh.db, { name: 'Dana Berg', team: 'Social Care', email: EMAIL, password: PASSWORD }));
  });
  afterAll(async () => {
    await server?.close();
    await fresh?.dispose();
  });

  it("shows the server's own sign-in page: Email, Password, Sign in, under a strict CSP that lets the form reach only this server and the client", async () => {
    const page = await authorize(authorizeParams(pkce().challenge));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<label for="email">Email</label>');
    expect(page.text).toContain('<label for="password">Password</label>');
    expect(page.text).toContain('<button type="submit">Sign in</button>');
    expect(page.text).not.toMatch(/<script/i);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`form-action 'self' chrome-extension://${new URL(REDIRECT).host}`);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('speaks Swedish to a browser that prefers it', async () => {
    const page = await authorize(authorizeParams(pkce().challenge), { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.5' });
    expect(page.text).toContain('<html lang="sv">');
    expect(page.text).toContain('>E-post</label>');
    expect(page.text).toContain('>Lösenord</label>');
    expect(page.text).toContain('>Logga in</button>');
  });

  it('signs in with email and password: a code and the state, exactly as sent, on the redirect URI; the code buys tokens that work on /v1', async () => {
    const { verifier, challenge } = pkce();
    const state = 'a b&c=d/é+%~';
    const answer = await submit(authorizeParams(challenge, { state }), 'DANA@airline.example');
    expect(answer.status).toBe(302);
    expect(answer.location!.href.split('?')[0]).toBe(REDIRECT);
    expect([...answer.location!.searchParams.keys()].sort()).toEqual(['code', 'state']);
    expect(answer.location!.searchParams.get('state')).toBe(state);

    const tokens = await exchange(answer.location!.searchParams.get('code')!, verifier);
    expect(tokens.status, tokens.text).toBe(200);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    const body = TokenResponseSchema.parse(JSON.parse(tokens.text));
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBeLessThanOrEqual(900);
    expect(body.agent).toEqual({ id: agentId, name: 'Dana Berg', team: 'Social Care', email: EMAIL });

    const who = await me(body.access_token);
    expect(who.status, who.text).toBe(200);
    expect(MeSchema.parse(JSON.parse(who.text)).agent.name).toBe('Dana Berg');
  });

  it('accepts the Firefox redirect URI and a configured one, each exactly', async () => {
    for (const uri of [JETWAY_FIREFOX_REDIRECT_URI, CONFIGURED]) {
      const { verifier, challenge } = pkce();
      const code = await codeFor(challenge, { redirect_uri: uri });
      expect((await exchange(code, verifier, uri)).status).toBe(200);
    }
  });

  it('rotates the refresh token on each use; the new access token works', async () => {
    const first = await signIn();
    const second = await refresh(first.refresh_token);
    expect(second.status, second.text).toBe(200);
    const next = TokenResponseSchema.parse(JSON.parse(second.text));
    expect(next.refresh_token).not.toBe(first.refresh_token);
    expect(next.access_token).not.toBe(first.access_token);
    expect((await me(next.access_token)).status).toBe(200);
    expect((await refresh(next.refresh_token)).status).toBe(200);
  });

  it('a wrong password shows the page again with the reason, and no redirect', async () => {
    const answer = await submit(authorizeParams(pkce().challenge), EMAIL, 'not the password at all');
    expect(answer.status).toBe(401);
    expect(answer.location).toBeNull();
    expect(answer.text).toContain('Email or password is wrong.');
    expect(answer.text).toContain(`value="${EMAIL}"`);
    expect(answer.text).not.toContain('not the password at all');
  });

  it('security: PKCE is required: no challenge, or a method other than S256, goes back to the client as invalid_request with the state', async () => {
    for (const overrides of [{ code_challenge: undefined }, { code_challenge_method: 'plain' }, { code_challenge_method: undefined }, { code_challenge: 'short' }]) {
      for (const answer of [await authorize(authorizeParams(pkce().challenge, overrides)), await submit(authorizeParams(pkce().challenge, overrides))]) {
        expect(answer.status, JSON.stringify(overrides)).toBe(302);
        expect(answer.location!.href.startsWith(REDIRECT)).toBe(true);
        expect(answer.location!.searchParams.get('error')).toBe('invalid_request');
        expect(answer.location!.searchParams.get('state')).toBe('st-1');
        expect(answer.location!.searchParams.get('code')).toBeNull();
      }
    }
  });

  it('security: PKCE is checked: a wrong or missing verifier gets nothing, and the code is spent', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const missing = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: OAUTH_CLIENT_ID });
    expect(missing.status).toBe(400);
    expect(grantError(missing)).toBe('invalid_request');
    const wrong = await exchange(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(grantError(wrong)).toBe('invalid_grant');
    expect((await exchange(code, verifier)).status).toBe(400);
  });

  it('security: a foreign redirect URI or client is refused on an error page, never redirected to', async () => {
    const foreign = [
      { redirect_uri: 'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/signed-in.html' },
      { redirect_uri: `${REDIRECT}?next=https://evil.example` },
      { redirect_uri: `${REDIRECT}/` },
      { redirect_uri: REDIRECT.toUpperCase() },
      { redirect_uri: 'https://evil.example/callback' },
      { redirect_uri: `${CONFIGURED}/../evil` },
      { redirect_uri: undefined },
      { client_id: 'someone-else' },
      { client_id: undefined },
    ];
    for (const overrides of foreign) {
      for (const answer of [await authorize(authorizeParams(pkce().challenge, overrides)), await submit(authorizeParams(pkce().challenge, overrides))]) {
        expect(answer.status, JSON.stringify(overrides)).toBe(400);
        expect(answer.location).toBeNull();
        expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
        expect(answer.text).toContain('This sign-in link does not work');
        expect(answer.text).not.toContain('name="password"');
      }
    }
  });

  it('security: the code must come back with the redirect URI it was issued for', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const answer = await exchange(code, verifier, JETWAY_FIREFOX_REDIRECT_URI);
    expect(grantError(answer)).toBe('invalid_grant');
  });

  it('security: a code works once; presented again it is refused and ends the sign-in it gave', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    const tokens = TokenResponseSchema.parse(JSON.parse(first.text));
    const again = await exchange(code, verifier);
    expect(again.status).toBe(400);
    expect(grantError(again)).toBe('invalid_grant');
    expect((await me(tokens.access_token)).status).toBe(401);
    expect(grantError(await refresh(tokens.refresh_token))).toBe('invalid_grant');
  });

  it('security: a code expires after 60 s', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    ahead = 61_000;
    try {
      expect(grantError(await exchange(code, verifier))).toBe('invalid_grant');
    } finally {
      ahead = 0;
    }
  });

  it('security: a refresh token used twice revokes the whole family: every token of that sign-in stops working', async () => {
    const first = await signIn();
    const rotated = TokenResponseSchema.parse(JSON.parse((await refresh(first.refresh_token)).text));
    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(grantError(reused)).toBe('invalid_grant');
    expect(grantError(await refresh(rotated.refresh_token))).toBe('invalid_grant');
    expect((await me(rotated.access_token)).status).toBe(401);
    // Another sign-in of the same agent (another browser) is not touched.
    const other = await signIn();
    expect((await me(other.access_token)).status).toBe(200);
  });

  it('security: a revoked agent is refused at once: access tokens, refresh tokens and codes', async () => {
    const signedIn = await signIn();
    const { verifier, challenge } = pkce();
    const pending = await codeFor(challenge);
    expect((await me(signedIn.access_token)).status).toBe(200);
    await revokeOAuthGrants(fresh.db, agentId);
    expect((await me(signedIn.access_token)).status).toBe(401);
    expect(grantError(await refresh(signedIn.refresh_token))).toBe('invalid_grant');
    expect(grantError(await exchange(pending, verifier))).toBe('invalid_grant');
    // Signing in again works: revocation ends sessions, not the account.
    expect((await me((await signIn()).access_token)).status).toBe(200);
  });

  it('security: a disabled agent is refused at once and cannot sign in', async () => {
    const { agentId: id } = await createAgent(fresh.db, { name: 'Leaving Soon', team: 'Social Care', email: 'leaving@airline.example', password: PASSWORD });
    const { verifier, challenge } = pkce();
    const answer = await submit(authorizeParams(challenge), 'leaving@airline.example');
    const tokens = TokenResponseSchema.parse(JSON.parse((await exchange(answer.location!.searchParams.get('code')!, verifier)).text));
    await fresh.db.query('UPDATE agents SET disabled_at = now() WHERE id = $1', [id]);
    expect((await me(tokens.access_token)).status).toBe(401);
    expect(grantError(await refresh(tokens.refresh_token))).toBe('invalid_grant');
    const again = await submit(authorizeParams(pkce().challenge), 'leaving@airline.example');
    expect(again.status).toBe(403);
    expect(again.location).toBeNull();
  });

  it('security: an access token lives 15 minutes', async () => {
    const tokens = await signIn();
    ahead = 15 * 60_000 + 1_000;
    try {
      const answer = await me(tokens.access_token);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('invalid_token');
    } finally {
      ahead = 0;
    }
  });

  it('revocation (RFC 7009): revoking either token ends the sign-in; an unknown token gets the same 200', async () => {
    for (const which of ['refresh_token', 'access_token'] as const) {
      const tokens = await signIn();
      const answer = await send('POST', '/oauth/revoke', { token: tokens[which], token_type_hint: which, client_id: OAUTH_CLIENT_ID });
      expect(answer.status).toBe(200);
      expect((await me(tokens.access_token)).status).toBe(401);
      expect(grantError(await refresh(tokens.refresh_token))).toBe('invalid_grant');
    }
    expect((await send('POST', '/oauth/revoke', { token: 'jwr_nobody-holds-this-token' })).status).toBe(200);
  });

  it('the token endpoint answers RFC 6749 errors: form-encoded only, known grants, the known client', async () => {
    const json = await fetch(`${server.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'refresh_token' }) });
    expect(json.status).toBe(400);
    expect(OAuthErrorSchema.parse(await json.json()).error).toBe('invalid_request');
    expect(grantError(await token({ grant_type: 'password', username: EMAIL, password: PASSWORD, client_id: OAUTH_CLIENT_ID }))).toBe('unsupported_grant_type');
    const stranger = await token({ grant_type: 'refresh_token', refresh_token: 'jwr_x'.padEnd(30, 'x'), client_id: 'someone-else' });
    expect(stranger.status).toBe(401);
    expect(grantError(stranger)).toBe('invalid_client');
  });

  it('security: the sign-in form refuses a post from another site', async () => {
    const answer = await submit(authorizeParams(pkce().challenge), EMAIL, PASSWORD, { 'sec-fetch-site': 'cross-site' });
    expect(answer.status).toBe(403);
    expect(answer.location).toBeNull();
  });

  it('security: codes, tokens and passwords never reach a log, and no token is ever in a URL; the database keeps only hashes', async () => {
    const written: string[] = [];
    const streams = [process.stdout, process.stderr] as const;
    const originals = streams.map((stream) => stream.write.bind(stream));
    const consoles = { log: console.log, warn: console.warn, error: console.error, info: console.info };
    streams.forEach((stream) => {
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        written.push(String(chunk));
        return (originals[streams.indexOf(stream)] as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
    });
    for (const name of Object.keys(consoles) as Array<keyof typeof consoles>) console[name] = (...args: unknown[]) => void written.push(args.map(String).join(' '));
    let secrets: string[] = [];
    const urls: string[] = [];
    try {
      const { verifier, challenge } = pkce();
      const answer = await submit(authorizeParams(challenge));
      urls.push(answer.location!.href);
      const code = answer.location!.searchParams.get('code')!;
      const tokens = TokenResponseSchema.parse(JSON.parse((await exchange(code, verifier)).text));
      const next = TokenResponseSchema.parse(JSON.parse((await refresh(tokens.refresh_token)).text));
      await refresh(tokens.refresh_token);
      await me(next.access_token);
      await send('POST', '/oauth/revoke', { token: next.refresh_token });
      secrets = [code, verifier, tokens.access_token, tokens.refresh_token, next.access_token, next.refresh_token];
      expect(new URL(urls[0]!).searchParams.get('code')).toBe(code);
      for (const secret of secrets.slice(1)) expect(urls.join('\n')).not.toContain(secret);
    } finally {
      streams.forEach((stream, index) => (stream.write = originals[index] as typeof stream.write));
      Object.assign(console, consoles);
    }
    const log = written.join('\n');
    for (const secret of [...secrets, PASSWORD]) expect(log).not.toContain(secret);
    const stored = JSON.stringify(
      await fresh.db.query(
        `SELECT (SELECT json_agg(c) FROM oauth_codes c) AS codes, (SELECT json_agg(r) FROM oauth_refresh_tokens r) AS refresh,
                (SELECT json_agg(a) FROM oauth_access_tokens a) AS access`,
      ),
    );
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });
});
