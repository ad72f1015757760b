import { browser } from 'wxt/browser';
import { MeSchema } from '@/utils/contract';
import { ApiError, createApiClient, type ApiClient } from '@/utils/api/client';
import { clearCachedMemberData, type JetwayDb } from '@/utils/db';
import type { SignInOutcome } from '@/utils/messaging';
import { authItem, meItem, readAuth, updateSettings } from '@/utils/storage';

/** Keeps content scripts out of the session store (Chrome; Firefox never shares it). */
export async function protectSessionStorage(): Promise<void> {
  const session = browser.storage.session as { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> };
  try {
    await session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch {
    // Older browsers: the session store is then only reachable from extension pages anyway.
  }
}

/** The API client of the signed-in agent, or null; rebuilt only when the token changes. */
export function createClientSource(fetchImpl?: typeof fetch): () => Promise<ApiClient | null> {
  let cached: { key: string; client: ApiClient } | null = null;
  return async () => {
    const auth = await readAuth();
    if (!auth) return null;
    const key = `${auth.serverUrl} ${auth.token}`;
    if (cached?.key !== key) cached = { key, client: createApiClient({ ...auth, fetch: fetchImpl }) };
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
    await updateSettings({ serverUrl: origin });
    return { ok: true, agentName: me.agent.name };
  } catch (error) {
    if (!(error instanceof ApiError)) return { ok: false, code: 'invalid', message: String(error) };
    if (error.kind === 'unauthorized') {
      return { ok: false, code: 'unauthorized', message: 'The server did not accept this token. Check it, or ask your Jetway administrator for a new one.' };
    }
    if (error.kind === 'network' || error.kind === 'timeout') {
      return { ok: false, code: 'unreachable', message: `No Jetway server answered at ${origin}. Check the URL and your connection, then try again.` };
    }
    if (error.kind === 'malformed' || error.kind === 'not-found') {
      return { ok: false, code: 'not-jetway', message: `${origin} answered, but not as a Jetway server. Check the server URL.` };
    }
    return { ok: false, code: 'invalid', message: error.message };
  }
}

/** Signing out forgets the token and every cached member record; unsent writes stay queued. */
export async function signOut(db: JetwayDb): Promise<void> {
  await authItem.setValue(null);
  await meItem.setValue(null);
  await clearCachedMemberData(db);
  await browser.action.setBadgeText({ text: '' });
}
