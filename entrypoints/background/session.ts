import { browser } from 'wxt/browser';
import { MeSchema } from '@/utils/contract';
import { ApiError, createApiClient, type ApiClient } from '@/utils/api/client';
import { clearCachedMemberData, type JetwayDb } from '@/utils/db';
import { t } from '@/utils/i18n';
import type { SignInOutcome } from '@/utils/messaging';
import { apiErrorMessage } from '@/utils/problem-messages';
import { authItem, meItem, sessionEndedItem, updateSettings } from '@/utils/storage';
import type { TokenKeeper } from './credentials';

type Protectable = { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> };

/**
 * Keeps content scripts out of the extension's storage: the session store (the access
 * token) and the local store (the agent's name and team, why a session ended). Content
 * scripts ask the background for what they need and never read storage themselves.
 * Chromium restricts both; Firefox never shares the session store with content scripts and
 * cannot restrict the local one, which holds no secret (the refresh token lives in the
 * extension's IndexedDB, out of every content script's reach in both browsers).
 */
export async function protectStorage(): Promise<void> {
  for (const area of [browser.storage.session, browser.storage.local] as Protectable[]) {
    try {
      await area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
    } catch {
      // Not supported for this area here: see above.
    }
  }
}

/**
 * The API client of the signed-in agent, or null; rebuilt only when the token changes. A
 * browser sign-in's access token is refreshed before it expires, and a request the server
 * refuses (401) is sent once more with a refreshed token. When the refresh token is refused
 * for good, `onEnded` signs the agent out.
 */
export function createClientSource(keeper: TokenKeeper, onEnded: (message: string) => Promise<void>, fetchImpl?: typeof fetch): () => Promise<ApiClient | null> {
  let cached: { key: string; client: ApiClient } | null = null;
  const clientFor = (auth: { serverUrl: string; token: string }): ApiClient => {
    const inner = createApiClient({ serverUrl: auth.serverUrl, token: auth.token, fetch: fetchImpl });
    return {
      serverUrl: inner.serverUrl,
      async request(request) {
        try {
          return await inner.request(request);
        } catch (error) {
          if (!(error instanceof ApiError) || error.kind !== 'unauthorized' || !(await keeper.refreshable())) throw error;
          const renewed = await keeper.afterRejection(auth.token);
          if (renewed.kind === 'ended') await onEnded(renewed.message);
          if (renewed.kind !== 'ok') throw error;
          return createApiClient({ serverUrl: renewed.auth.serverUrl, token: renewed.auth.token, fetch: fetchImpl }).request(request);
        }
      },
    };
  };
  return async () => {
    const { auth, ended } = await keeper.current();
    if (ended !== undefined) await onEnded(ended);
    if (!auth) return null;
    const key = `${auth.serverUrl} ${auth.token}`;
    if (cached?.key !== key) cached = { key, client: clientFor(auth) };
    return cached.client;
  };
}

/** Checks the token with GET /v1/me; only a valid token is kept (in session storage). */
export async function signIn(serverUrl: string, token: string, fetchImpl?: typeof fetch): Promise<SignInOutcome> {
  const origin = new URL(serverUrl).origin;
  const client = createApiClient({ serverUrl: origin, token, fetch: fetchImpl });
  try {
    const me = await client.request({ method: 'GET', path: '/v1/me', schema: MeSchema });
    await authItem.setValue({ serverUrl: origin, token });
    await meItem.setValue(me);
    await sessionEndedItem.setValue(null);
    await updateSettings({ serverUrl: origin });
    return { ok: true, agentName: me.agent.name };
  } catch (error) {
    // The outcome's message is shown as is on the options page: in the agent's language.
    if (!(error instanceof ApiError)) {
      console.warn(`Jetway could not keep the new sign-in: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, code: 'invalid', message: t('signInNotKept') };
    }
    if (error.kind === 'unauthorized') return { ok: false, code: 'unauthorized', message: t('signInTokenRefused') };
    if (error.kind === 'network' || error.kind === 'timeout') return { ok: false, code: 'unreachable', message: t('signInUnreachable', origin) };
    if (error.kind === 'malformed' || error.kind === 'not-found') return { ok: false, code: 'not-jetway', message: t('signInNotJetway', origin) };
    return { ok: false, code: 'invalid', message: apiErrorMessage(error) };
  }
}

/**
 * Signing out forgets the tokens (revoking a browser sign-in's refresh token at the server)
 * and every cached member record; unsent writes stay queued.
 */
export async function signOut(db: JetwayDb, keeper: TokenKeeper): Promise<void> {
  await keeper.revoke();
  await authItem.setValue(null);
  await meItem.setValue(null);
  await clearCachedMemberData(db);
  await browser.action.setBadgeText({ text: '' });
}

/** The server refused the session for good (revoked, expired): sign out and say so everywhere. */
export async function endSession(db: JetwayDb, keeper: TokenKeeper, message: string): Promise<void> {
  await signOut(db, keeper);
  await sessionEndedItem.setValue({ message, at: new Date().toISOString() });
}
