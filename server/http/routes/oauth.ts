import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  AuthorizeRequestSchema,
  OIDC_CALLBACK_PATH,
  OIDC_START_PATH,
  type SsoProvider,
  RevokeRequestSchema,
  TokenRequestSchema,
  type AuthorizeRequest,
  type OAuthError,
  type TokenResponse,
} from '../../../utils/contract';
import type { Database } from '../../db/database';
import type { AgentContext } from '../../domain/agents';
import { DomainError } from '../../domain/errors';
import {
  CompanySignInRefused,
  exchangeCode,
  isKnownClient,
  issueCode,
  OAuthGrantError,
  redirectWith,
  refreshTokens,
  revokeToken,
  type CompanySignIn,
  type RefusalReason,
  type ReturnTo,
} from '../../domain/oauth';
import { openSession, signIn, type SessionPolicy, type SignInLimits } from '../../domain/sessions';
import { clientOf } from '../client';
import type { AppContext, AppEnv } from '../context';
import { errorPage, pageCsp, pageLanguage, pageText, signInPage, type PageLanguage, type PageMessage } from './oauth-page';
import { setSessionCookie } from './session';
import { log } from '../../logger';

export interface OAuthSettings {
  clock: () => Date;
  limits: SignInLimits;
  trustProxy: boolean;
  /** Every redirect URI accepted, compared as exact strings. */
  redirectUris: ReadonlySet<string>;
  /** The Console session a company sign-in opens. */
  policy: SessionPolicy;
  /** The company's identity provider, when configured. */
  sso?: CompanySignIn;
}

/** Binds a company sign-in under way to the browser that started it; sent back on the IdP's redirect (SameSite=Lax). */
const SSO_COOKIE = 'jetway_sso';

const REFUSALS: Record<RefusalReason, PageMessage> = {
  expired: 'ssoExpired',
  provider: 'ssoProvider',
  unverified: 'ssoUnverified',
  unknown: 'ssoUnknown',
  disabled: 'disabled',
};

/** Fields of the form that are not part of the authorization request. */
const CREDENTIALS = new Set(['email', 'password']);

type Checked =
  | { ok: true; request: AuthorizeRequest }
  /** No trustworthy way back to the client: said on an error page, never redirected (RFC 6749 §4.1.2.1). */
  | { ok: false; page: string }
  /** Back to the client with `error` (and the state, exactly as sent). */
  | { ok: false; redirect: string };

/** Parameters sent twice are refused (RFC 6749 §3.1); otherwise one string per name. */
function single(params: Record<string, string[]>): { values: Record<string, string>; repeated: string[] } {
  const values: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [name, list] of Object.entries(params)) {
    if (list.length > 1) repeated.push(name);
    values[name] = list[0]!;
  }
  return { values, repeated };
}

function checkAuthorization(params: Record<string, string[]>, redirectUris: ReadonlySet<string>, lang: PageLanguage): Checked {
  const { values, repeated } = single(params);
  const clientId = values.client_id;
  const redirectUri = values.redirect_uri;
  const fatal = (reason: string): Checked => ({ ok: false, page: errorPage(lang, pageText(lang, 'invalidClient', { reason })) });
  if (repeated.includes('client_id') || repeated.includes('redirect_uri')) return fatal('client_id or redirect_uri sent twice');
  if (!clientId || !isKnownClient(clientId)) return fatal(`client_id ${clientId ? `"${clientId}"` : 'missing'}`);
  if (!redirectUri || !redirectUris.has(redirectUri)) return fatal(`redirect_uri ${redirectUri ? `"${redirectUri}"` : 'missing'}`);
  const back = (error: string, description: string): Checked => ({
    ok: false,
    redirect: redirectWith(redirectUri, { error, error_description: description, state: repeated.includes('state') ? undefined : values.state }),
  });
  if (repeated.length > 0) return back('invalid_request', `Sent more than once: ${repeated.join(', ')}.`);
  if (values.response_type !== 'code') return back('unsupported_response_type', 'Only response_type=code is supported.');
  const parsed = AuthorizeRequestSchema.safeParse(Object.fromEntries(Object.entries(values).filter(([name]) => !CREDENTIALS.has(name))));
  if (!parsed.success) {
    return back('invalid_request', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  return { ok: true, request: parsed.data };
}

function html(body: string, status: 200 | 400 | 401 | 403 | 404 | 429 | 502, csp: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp, 'cache-control': 'no-store' } });
}

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
}

function oauthError(error: OAuthError['error'], description: string): Response {
  return new Response(JSON.stringify({ error, error_description: description } satisfies OAuthError), {
    status: error === 'invalid_client' ? 401 : 400,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
  });
}

function tokens(body: TokenResponse): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' } });
}

/** A response made whole here keeps the cookies the handler set on the context (`setCookie`, `deleteCookie`). */
function carryCookies(c: AppContext, response: Response): Response {
  for (const cookie of c.res.headers.getSetCookie()) response.headers.append('set-cookie', cookie);
  return response;
}

/** A form-encoded body (the token and revocation endpoints take nothing else), one list of values per name. */
async function formOf(c: AppContext): Promise<Record<string, string[]> | null> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return null;
  const form = new URLSearchParams(await c.req.text());
  const params: Record<string, string[]> = {};
  for (const [name, value] of form) (params[name] ??= []).push(value);
  return params;
}

/** What a failed sign-in on the page says, in the page's language. */
function signInFailure(error: DomainError, lang: PageLanguage): { status: 401 | 403 | 429; message: string } {
  if (error.kind === 'rate_limited') return { status: 429, message: pageText(lang, 'rateLimited', { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) }) };
  if (error.kind === 'forbidden') return { status: 403, message: pageText(lang, 'disabled') };
  return { status: 401, message: pageText(lang, 'wrongCredentials') };
}

/**
 * Browser sign-in (OAuth 2.0 authorization code with PKCE): the sign-in page, the token
 * endpoint and revocation. See docs/sign-in.md.
 */
export function oauthRoutes(db: Database, settings: OAuthSettings) {
  const { sso } = settings;
  const ssoLink = (request: AuthorizeRequest) =>
    sso && { name: sso.settings.name, href: `${OIDC_START_PATH}?${new URLSearchParams(Object.entries(request).filter((entry): entry is [string, string] => entry[1] !== undefined))}` };
  /** This server's own address as the browser sees it (behind a trusted proxy, its scheme). */
  const ownOrigin = (c: AppContext) => {
    const url = new URL(c.req.url);
    return `${clientOf(c, settings.trustProxy).https ? 'https:' : url.protocol}//${url.host}`;
  };
  /** Where a finished sign-in goes: a code to the extension, or a Console session. */
  const complete = async (c: AppContext, agent: AgentContext, returnTo: ReturnTo, now: Date) => {
    if (returnTo.kind === 'extension') {
      const { request } = returnTo;
      const code = await issueCode(db, agent.agentId, { clientId: request.client_id, redirectUri: request.redirect_uri, codeChallenge: request.code_challenge }, now);
      return redirect(redirectWith(request.redirect_uri, { code, state: request.state }));
    }
    const session = await openSession(db, agent, now, settings.policy);
    setSessionCookie(c, session.token, clientOf(c, settings.trustProxy).https, settings.policy);
    return redirect('/console/');
  };
  return new Hono<AppEnv>()
    .get('/oauth/oidc/provider', (c) => c.json({ provider: sso ? { name: sso.settings.name } : null } satisfies SsoProvider))
    .get(OIDC_START_PATH, async (c) => {
      const lang = pageLanguage(c.req.header('accept-language'));
      if (!sso) return html(errorPage(lang, pageText(lang, 'ssoUnavailable'), 'ssoTitle'), 404, pageCsp());
      let returnTo: ReturnTo;
      if (c.req.query('return') === 'console') {
        returnTo = { kind: 'console' };
      } else {
        const checked = checkAuthorization(c.req.queries(), settings.redirectUris, lang);
        if ('page' in checked) return html(checked.page, 400, pageCsp());
        if ('redirect' in checked) return redirect(checked.redirect);
        returnTo = { kind: 'extension', request: checked.request };
      }
      let started: { location: string; browserSecret: string };
      try {
        started = await sso.start(db, returnTo, `${ownOrigin(c)}${OIDC_CALLBACK_PATH}`, settings.clock());
      } catch (error) {
        log.warn({ err: error }, 'Company sign-in: the identity provider could not be reached');
        return html(errorPage(lang, pageText(lang, 'ssoProvider'), 'ssoTitle'), 502, pageCsp());
      }
      setCookie(c, SSO_COOKIE, started.browserSecret, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/oauth/oidc',
        secure: clientOf(c, settings.trustProxy).https,
        maxAge: 600,
      });
      return carryCookies(c, redirect(started.location));
    })
    .get(OIDC_CALLBACK_PATH, async (c) => {
      const lang = pageLanguage(c.req.header('accept-language'));
      if (!sso) return html(errorPage(lang, pageText(lang, 'ssoUnavailable'), 'ssoTitle'), 404, pageCsp());
      const browserSecret = getCookie(c, SSO_COOKIE);
      deleteCookie(c, SSO_COOKIE, { path: '/oauth/oidc', secure: clientOf(c, settings.trustProxy).https });
      const now = settings.clock();
      const current = new URL(`${ownOrigin(c)}${OIDC_CALLBACK_PATH}${new URL(c.req.url).search}`);
      try {
        const { agent, returnTo } = await sso.finish(db, current, browserSecret, now);
        return carryCookies(c, await complete(c, agent, returnTo, now));
      } catch (error) {
        if (!(error instanceof CompanySignInRefused)) throw error;
        const message = pageText(lang, REFUSALS[error.reason], { email: error.email ?? '' });
        return carryCookies(c, html(errorPage(lang, message, 'ssoTitle'), error.reason === 'provider' ? 502 : 403, pageCsp()));
      }
    })
    .get('/oauth/authorize', (c) => {
      const lang = pageLanguage(c.req.header('accept-language'));
      const checked = checkAuthorization(c.req.queries(), settings.redirectUris, lang);
      if ('page' in checked) return html(checked.page, 400, pageCsp());
      if ('redirect' in checked) return redirect(checked.redirect);
      return html(signInPage({ lang, request: checked.request, sso: ssoLink(checked.request) }), 200, pageCsp(checked.request.redirect_uri));
    })
    .post('/oauth/authorize', async (c) => {
      const lang = pageLanguage(c.req.header('accept-language'));
      // The form is this server's own: a browser says where a post came from (Fetch Metadata).
      const site = c.req.header('sec-fetch-site');
      if (site !== undefined && site !== 'same-origin') return html(errorPage(lang, pageText(lang, 'crossSite')), 403, pageCsp());
      const form = (await formOf(c)) ?? {};
      const checked = checkAuthorization(form, settings.redirectUris, lang);
      if ('page' in checked) return html(checked.page, 400, pageCsp());
      if ('redirect' in checked) return redirect(checked.redirect);
      const { request } = checked;
      const email = (form.email?.[0] ?? '').trim().toLowerCase();
      const password = form.password?.[0] ?? '';
      const now = settings.clock();
      try {
        const agent = await signIn(db, { email, password, client: clientOf(c, settings.trustProxy).address }, now, settings.limits);
        const code = await issueCode(db, agent.agentId, { clientId: request.client_id, redirectUri: request.redirect_uri, codeChallenge: request.code_challenge }, now);
        return redirect(redirectWith(request.redirect_uri, { code, state: request.state }));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const failure = signInFailure(error, lang);
        return html(signInPage({ lang, request, email, error: failure.message, sso: ssoLink(request) }), failure.status, pageCsp(request.redirect_uri));
      }
    })
    .post('/oauth/token', async (c) => {
      const form = await formOf(c);
      if (!form) return oauthError('invalid_request', 'Send the token request form-encoded (application/x-www-form-urlencoded).');
      const { values, repeated } = single(form);
      if (repeated.length > 0) return oauthError('invalid_request', `Sent more than once: ${repeated.join(', ')}.`);
      if (values.grant_type !== 'authorization_code' && values.grant_type !== 'refresh_token') {
        return oauthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
      }
      const parsed = TokenRequestSchema.safeParse(values);
      if (!parsed.success) return oauthError('invalid_request', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      const request = parsed.data;
      if (!isKnownClient(request.client_id)) return oauthError('invalid_client', `Unknown client_id "${request.client_id}".`);
      try {
        const now = settings.clock();
        return tokens(
          request.grant_type === 'authorization_code'
            ? await exchangeCode(db, { code: request.code, codeVerifier: request.code_verifier, redirectUri: request.redirect_uri, clientId: request.client_id }, now)
            : await refreshTokens(db, { refreshToken: request.refresh_token, clientId: request.client_id }, now),
        );
      } catch (error) {
        if (error instanceof OAuthGrantError) return oauthError(error.error, error.description);
        throw error;
      }
    })
    .post('/oauth/revoke', async (c) => {
      const form = await formOf(c);
      if (!form) return oauthError('invalid_request', 'Send the revocation form-encoded (application/x-www-form-urlencoded).');
      const parsed = RevokeRequestSchema.safeParse(single(form).values);
      if (!parsed.success) return oauthError('invalid_request', 'Send the token to revoke as token=….');
      if (parsed.data.client_id !== undefined && !isKnownClient(parsed.data.client_id)) return oauthError('invalid_client', `Unknown client_id "${parsed.data.client_id}".`);
      await revokeToken(db, parsed.data.token, settings.clock());
      // RFC 7009 §2.2: the same 200 whether or not the token was known.
      return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
    });
}
