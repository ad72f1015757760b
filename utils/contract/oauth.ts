import { z } from 'zod';
import { IdSchema } from './common';

/**
 * Browser sign-in: OAuth 2.0 authorization code with PKCE (RFC 6749, RFC 7636) through the
 * server's own sign-in page, rotating refresh tokens (RFC 9700) and revocation (RFC 7009).
 * The extension is a public client: no secret, PKCE S256 always.
 */
export const OAUTH_CLIENT_ID = 'jetway-extension';

/**
 * The public key in the Chrome manifest (`key`): it fixes the extension's ID on every
 * install, so the server can know its redirect URI in advance. The private half signs the
 * store package and never ships.
 */
export const JETWAY_EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnHoVGdh7Vn9Am8YoG5/fwWiEpVEv1kUrQ19EUJlI68ZDp05n9Su2YnXLO9ysSA40Puode25F/0EIQnV4LwFgD4hEz6sxDN6YmhNhhKk8cGjAMcSLsxJpvOTiq0SKwfpWnk4oaiD72aA/EXMjMFXaDEfmmWBv9MJSomzYxj2GrZuJRgO8kHC6BqouxleW5pGy6BMeI7azulJQrJMiouzbO2pBnc8L80d56yQAyueESzQiA6sQE+In55mgFzA1iBr9XcxeqwbaoWde2ge9hLjM5FRsIa67pOEI1a9eZUmqN8dYWE6xFlGT+eAtTmmXaY48JuIoiGu14eeLu81M1JDjQwIDAQAB';

/** Chromium's ID for that key: the SHA-256 of the DER key, its first 32 hex digits mapped 0-f → a-p. */
export const JETWAY_EXTENSION_ID = 'koaedejochhlchnhnaiiliikpahakjcb';

/** The Firefox add-on id (`browser_specific_settings.gecko.id`). */
export const JETWAY_FIREFOX_ADDON_ID = 'jetway@jetway.example';

/**
 * What Firefox's `identity.getRedirectURL()` answers for that add-on: the SHA-1 of the id,
 * in lower-case hex, as a subdomain of extensions.allizom.org (a domain Firefox intercepts;
 * nothing is ever fetched from it).
 */
export const JETWAY_FIREFOX_REDIRECT_URI = 'https://95ab24af25dea9b5b86426ea1bc7b87b8ffc0e49.extensions.allizom.org/';

/** The extension page a Chromium sign-in tab returns to. */
export const JETWAY_CHROMIUM_REDIRECT_URI = `chrome-extension://${JETWAY_EXTENSION_ID}/signed-in.html`;

/** Redirect URIs every Jetway server accepts for `jetway-extension`, matched exactly; `JETWAY_OAUTH_REDIRECT_URIS` adds more. */
export const BUILT_IN_REDIRECT_URIS: readonly string[] = [JETWAY_CHROMIUM_REDIRECT_URI, JETWAY_FIREFOX_REDIRECT_URI];

/** Access tokens live 15 minutes at most. */
export const ACCESS_TOKEN_SECONDS = 900;

/** RFC 7636: 43–128 characters of [A-Za-z0-9-._~]. */
export const CodeVerifierSchema = z.string().regex(/^[A-Za-z0-9\-._~]{43,128}$/, 'code_verifier must be 43–128 characters of A–Z a–z 0–9 - . _ ~');
/** base64url(SHA-256(code_verifier)), unpadded: 43 characters. */
export const CodeChallengeSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'code_challenge must be the unpadded base64url SHA-256 of the verifier (43 characters)');

/** `GET /oauth/authorize`'s query (and the sign-in form's hidden fields). */
export const AuthorizeRequestSchema = z.object({
  response_type: z.literal('code'),
  client_id: z.string().min(1).max(200),
  redirect_uri: z.string().min(1).max(2000),
  code_challenge: CodeChallengeSchema,
  code_challenge_method: z.literal('S256'),
  state: z.string().min(1).max(1000).optional(),
});
export type AuthorizeRequest = z.infer<typeof AuthorizeRequestSchema>;

/** `POST /oauth/token`, form-encoded: a code for the first tokens, or a refresh token for the next. */
export const TokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    code: z.string().min(1).max(200),
    code_verifier: CodeVerifierSchema,
    redirect_uri: z.string().min(1).max(2000),
    client_id: z.string().min(1).max(200),
  }),
  z.object({
    grant_type: z.literal('refresh_token'),
    refresh_token: z.string().min(1).max(200),
    client_id: z.string().min(1).max(200),
  }),
]);
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

/** Who signed in, for "Signed in as NAME · TEAM". */
export const SignedInAgentSchema = z.object({
  id: IdSchema,
  name: z.string(),
  /** The team's name. */
  team: z.string(),
  email: z.string().nullable(),
});
export type SignedInAgent = z.infer<typeof SignedInAgentSchema>;

/**
 * The answer of `POST /oauth/token`. Each refresh returns a new `refresh_token` and retires
 * the one sent; sending a retired one again ends the whole sign-in (every token from it).
 */
export const TokenResponseSchema = z.object({
  access_token: z.string().min(20),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().positive().max(ACCESS_TOKEN_SECONDS),
  refresh_token: z.string().min(20),
  agent: SignedInAgentSchema,
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/** RFC 6749 §5.2 error codes of the token endpoint. */
export const OAuthErrorCodeSchema = z.enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type']);

/** The token endpoint's failures (RFC 6749 §5.2): `{ error, error_description }`, status 400 (401 for `invalid_client`). */
export const OAuthErrorSchema = z.object({ error: OAuthErrorCodeSchema, error_description: z.string().optional() });
export type OAuthError = z.infer<typeof OAuthErrorSchema>;

/** `POST /oauth/revoke` (RFC 7009), form-encoded: a refresh or access token; the whole sign-in ends. */
export const RevokeRequestSchema = z.object({
  token: z.string().min(1).max(200),
  token_type_hint: z.enum(['access_token', 'refresh_token']).optional(),
  client_id: z.string().min(1).max(200).optional(),
});
export type RevokeRequest = z.infer<typeof RevokeRequestSchema>;

/** Where the company sign-in (OIDC) starts: with the authorization request's parameters, or `?return=console`. */
export const OIDC_START_PATH = '/oauth/oidc/start';
/** Where the identity provider sends the browser back; register `<server>/oauth/oidc/callback` with the IdP. */
export const OIDC_CALLBACK_PATH = '/oauth/oidc/callback';

/** `GET /oauth/oidc/provider`: the company sign-in, when the server has one, for the "Sign in with <name>" button. */
export const SsoProviderSchema = z.object({ provider: z.object({ name: z.string().min(1) }).nullable() });
export type SsoProvider = z.infer<typeof SsoProviderSchema>;
