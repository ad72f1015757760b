import { z } from 'zod';

/**
 * The extension's OAuth 2.0 client (authorization code with PKCE, RFC 6749 / 7636): a
 * public client, so no secret, and redirect URIs the server matches exactly.
 */
export const OAUTH_EXTENSION_CLIENT_ID = 'jetway-extension';

/**
 * The Chrome manifest's public key, which fixes the extension's ID everywhere it is
 * installed; the server's redirect URI for Chromium is built from that ID.
 */
export const JETWAY_EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnHoVGdh7Vn9Am8YoG5/fwWiEpVEv1kUrQ19EUJlI68ZDp05n9Su2YnXLO9ysSA40Puode25F/0EIQnV4LwFgD4hEz6sxDN6YmhNhhKk8cGjAMcSLsxJpvOTiq0SKwfpWnk4oaiD72aA/EXMjMFXaDEfmmWBv9MJSomzYxj2GrZuJRgO8kHC6BqouxleW5pGy6BMeI7azulJQrJMiouzbO2pBnc8L80d56yQAyueESzQiA6sQE+In55mgFzA1iBr9XcxeqwbaoWde2ge9hLjM5FRsIa67pOEI1a9eZUmqN8dYWE6xFlGT+eAtTmmXaY48JuIoiGu14eeLu81M1JDjQwIDAQAB';
export const JETWAY_EXTENSION_ID = 'koaedejochhlchnhnaiiliikpahakjcb';

/** Where the server sends a Chromium agent back after signing in. */
export const CHROMIUM_REDIRECT_URI = `chrome-extension://${JETWAY_EXTENSION_ID}/signed-in.html`;

/** POST /oauth/token's answer for both grants. */
export const OAuthTokenResponseSchema = z.object({
  access_token: z.string().min(10).max(2000),
  token_type: z.string().refine((value) => value.toLowerCase() === 'bearer', 'token_type must be Bearer'),
  expires_in: z.number().int().positive().max(24 * 3600),
  refresh_token: z.string().min(10).max(2000),
  agent: z.object({ id: z.string(), name: z.string(), team: z.string(), email: z.string() }),
});
export type OAuthTokenResponse = z.infer<typeof OAuthTokenResponseSchema>;

/** An OAuth error answer (RFC 6749 §5.2). */
export const OAuthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
