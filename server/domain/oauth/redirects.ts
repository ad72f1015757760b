import { BUILT_IN_REDIRECT_URIS, OAUTH_CLIENT_ID } from '../../../utils/contract';

/** The one client the server knows: the Jetway extension, public (no secret), PKCE always. */
export function isKnownClient(clientId: string): boolean {
  return clientId === OAUTH_CLIENT_ID;
}

/** The redirect URIs accepted: the extension's built-in ones and those configured, compared as exact strings. */
export function allowedRedirectUris(configured: readonly string[]): Set<string> {
  return new Set([...BUILT_IN_REDIRECT_URIS, ...configured]);
}

/** `JETWAY_OAUTH_REDIRECT_URIS`: comma-separated, each an absolute URL without a fragment (RFC 6749 §3.1.2). */
export function parseRedirectUris(value: string): string[] {
  const uris = value
    .split(',')
    .map((uri) => uri.trim())
    .filter(Boolean);
  for (const uri of uris) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new Error(`JETWAY_OAUTH_REDIRECT_URIS: "${uri}" is not an absolute URL.`);
    }
    if (url.hash) throw new Error(`JETWAY_OAUTH_REDIRECT_URIS: "${uri}" must not have a fragment.`);
  }
  return uris;
}

/** The redirect back to the client: `redirect_uri` with the given parameters added to its query. */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.append(name, value);
  return url.toString();
}
