import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_REDIRECT_URIS,
  JETWAY_CHROMIUM_REDIRECT_URI,
  JETWAY_EXTENSION_ID,
  JETWAY_EXTENSION_PUBLIC_KEY,
  JETWAY_FIREFOX_ADDON_ID,
  JETWAY_FIREFOX_REDIRECT_URI,
  TokenRequestSchema,
} from '../oauth';

describe('the extension identities behind the built-in redirect URIs', () => {
  it("derives Chromium's extension ID from the manifest's public key (SHA-256 of the DER key, 32 hex digits mapped 0-f → a-p)", () => {
    const digest = createHash('sha256').update(Buffer.from(JETWAY_EXTENSION_PUBLIC_KEY, 'base64')).digest('hex').slice(0, 32);
    const id = [...digest].map((hex) => String.fromCharCode('a'.charCodeAt(0) + parseInt(hex, 16))).join('');
    expect(id).toBe(JETWAY_EXTENSION_ID);
    expect(JETWAY_CHROMIUM_REDIRECT_URI).toBe(`chrome-extension://${id}/signed-in.html`);
  });

  it("derives Firefox's identity.getRedirectURL() from the add-on id (SHA-1 of the id in lower-case hex)", () => {
    const hash = createHash('sha1').update(JETWAY_FIREFOX_ADDON_ID, 'utf8').digest('hex');
    expect(JETWAY_FIREFOX_REDIRECT_URI).toBe(`https://${hash}.extensions.allizom.org/`);
  });

  it('accepts exactly those two by default', () => {
    expect(BUILT_IN_REDIRECT_URIS).toEqual([JETWAY_CHROMIUM_REDIRECT_URI, JETWAY_FIREFOX_REDIRECT_URI]);
  });
});

describe('the token request', () => {
  it.each([
    ['a code with a 43-character verifier', { grant_type: 'authorization_code', code: 'c', code_verifier: 'a'.repeat(43), redirect_uri: 'r', client_id: 'x' }, true],
    ['a code with a short verifier', { grant_type: 'authorization_code', code: 'c', code_verifier: 'a'.repeat(42), redirect_uri: 'r', client_id: 'x' }, false],
    ['a code without a verifier', { grant_type: 'authorization_code', code: 'c', redirect_uri: 'r', client_id: 'x' }, false],
    ['a refresh', { grant_type: 'refresh_token', refresh_token: 'r', client_id: 'x' }, true],
    ['a password grant', { grant_type: 'password', username: 'u', password: 'p', client_id: 'x' }, false],
  ])('%s', (_, request, valid) => {
    expect(TokenRequestSchema.safeParse(request).success).toBe(valid);
  });
});
