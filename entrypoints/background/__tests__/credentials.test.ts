import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgent } from '../../../server';
import { JetwayDb } from '@/utils/db';
import { authItem, pendingSignInItem, readAuth } from '@/utils/storage';
import { beginSignIn, codeChallengeOf, createTokenKeeper, finishSignIn } from '../credentials';
import { startJetway } from './real-server';

const EMAIL = 'agent@airline.example';
const PASSWORD = 'a long enough password';

/** What the server's sign-in form does for an agent: posts email and password, answers 302 with the code. */
async function signInOnServerPage(authorizeUrl: string): Promise<{ code: string; state: string }> {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set('email', EMAIL);
  form.set('password', PASSWORD);
  const response = await fetch(`${url.origin}/oauth/authorize`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { origin: url.origin },
  });
  expect(response.status).toBe(302);
  const back = new URL(response.headers.get('location')!);
  return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
}

describe('browser sign-in and the session that refreshes itself, against the real server', () => {
  let jetway: Awaited<ReturnType<typeof startJetway>>;
  let db: JetwayDb;
  let dbs = 0;

  beforeAll(async () => {
    jetway = await startJetway();
    await createAgent(jetway.db, { name: 'Erin Agent', team: 'Social Care', email: EMAIL, role: 'agent', password: PASSWORD });
  }, 60_000);
  afterAll(async () => jetway.close());
  beforeEach(async () => {
    db = new JetwayDb(`credentials-test-${dbs++}`);
    await authItem.setValue(null);
    await pendingSignInItem.setValue(null);
  });

  it('asks for S256 with a fresh verifier and state, kept only in the session store', async () => {
    const url = new URL(await beginSignIn(jetway.server.url));
    const pending = (await pendingSignInItem.getValue())!;
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toBe(await codeChallengeOf(pending.verifier));
    expect(url.searchParams.get('state')).toBe(pending.state);
    expect(url.searchParams.get('redirect_uri')).toBe('chrome-extension://koaedejochhlchnhnaiiliikpahakjcb/signed-in.html');
    expect(url.toString()).not.toContain(pending.verifier);
  });

  it('security: a wrong state is refused before any code is spent, and the right one signs in once', async () => {
    const { code, state } = await signInOnServerPage(await beginSignIn(jetway.server.url));
    expect(await finishSignIn(db, code, `${state}x`)).toMatchObject({ ok: false });
    expect(await db.credentials.count()).toBe(0);
    const signedIn = await finishSignIn(db, code, state);
    expect(signedIn).toMatchObject({ ok: true, tokens: { agent: { name: 'Erin Agent', team: 'Social Care' } } });
    expect((await db.credentials.get('agent'))?.refreshToken).toMatch(/.{20,}/);
    expect((await readAuth())?.expiresAt).toBeGreaterThan(Date.now());
    // The same redirect replayed finds no sign-in to finish.
    expect(await finishSignIn(db, code, state)).toMatchObject({ ok: false });
  });

  it('concurrent callers share one refresh; a refresh token the server refuses ends the session', async () => {
    const { code, state } = await signInOnServerPage(await beginSignIn(jetway.server.url));
    expect(await finishSignIn(db, code, state)).toMatchObject({ ok: true });
    const first = (await readAuth())!;
    const spent = (await db.credentials.get('agent'))!.refreshToken;
    let tokenCalls = 0;
    const counting: typeof fetch = (input, init) => {
      if (String(input).endsWith('/oauth/token')) tokenCalls += 1;
      return fetch(input, init);
    };
    const keeper = createTokenKeeper(db, counting);
    // The browser restarted: the session store is empty, the refresh token is on disk.
    await authItem.setValue(null);
    const [a, b, c] = await Promise.all([keeper.current(), keeper.current(), keeper.afterRejection(first.token)]);
    expect(tokenCalls).toBe(1);
    expect(a.auth?.token).toBe(b.auth?.token);
    expect(c).toEqual({ kind: 'ok', auth: a.auth });
    expect(a.auth?.token).not.toBe(first.token);
    expect((await db.credentials.get('agent'))!.refreshToken).not.toBe(spent);

    // The access token works on /v1.
    const me = await fetch(`${jetway.server.url}/v1/me`, { headers: { authorization: `Bearer ${a.auth!.token}` } });
    expect(me.status).toBe(200);

    // Someone replays the spent refresh token: the server ends the whole sign-in, and the
    // keeper's next refresh is refused for good.
    const replay = await fetch(`${jetway.server.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: spent, client_id: 'jetway-extension' }),
    });
    expect(replay.status).toBe(400);
    expect(await keeper.refresh()).toMatchObject({ kind: 'ended' });
  });

  it('an unreachable server keeps the refresh token for later', async () => {
    const { code, state } = await signInOnServerPage(await beginSignIn(jetway.server.url));
    expect(await finishSignIn(db, code, state)).toMatchObject({ ok: true });
    const kept = (await db.credentials.get('agent'))!.refreshToken;
    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await createTokenKeeper(db, offline).refresh()).toEqual({ kind: 'unavailable' });
    expect((await db.credentials.get('agent'))!.refreshToken).toBe(kept);
  });
});
