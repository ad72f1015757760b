import { beforeEach, describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import swedish from '@/public/_locales/sv/messages.json';
import { JetwayDb } from '@/utils/db';
import { pendingSignInItem, readSessionEnded, sessionEndedItem } from '@/utils/storage';
import { speak } from '@/tests/unit-messages';
import { createTokenKeeper, finishSignIn, requestTokens } from '../credentials';
import { signIn } from '../session';

// Before any `t(…)`: every message these functions build must come out in Swedish.
speak(swedish);

const sv = swedish as Record<string, { message: string }>;
const en = english as Record<string, { message: string }>;
const SERVER = 'https://jetway.airline.example';
const TOKEN = 'jw_agent_0123456789abcdef';
/** What the server says in English for its administrators; the agent never reads it. */
const SERVER_ENGLISH = 'This sign-in has ended. Sign in again.';

const swedishText = (key: string, ...args: string[]) => sv[key]!.message.replace(/\$(\d)/g, (_m, n: string) => args[Number(n) - 1] ?? '');

/** Every English catalogue sentence (with its placeholders as wildcards) that Swedish words differently. */
const englishSentences = Object.entries(en)
  .filter(([key, { message }]) => sv[key]!.message !== message && /[a-z]{3,} [a-z]{3,}/.test(message))
  .map(([, { message }]) => new RegExp(message.split(/\$\d/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')));

function expectSwedishOnly(message: string, key: string, ...args: string[]) {
  expect(message).toBe(swedishText(key, ...args));
  expect(message).not.toContain(SERVER_ENGLISH);
  for (const sentence of englishSentences) expect(message).not.toMatch(sentence);
}

const json = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' } });
const offline = async (): Promise<Response> => {
  throw new TypeError('Failed to fetch');
};
const html = async () => new Response('<!doctype html><title>Router</title>', { status: 200, headers: { 'content-type': 'text/html' } });

describe('sign-in messages in the agent’s language (Swedish)', () => {
  it.each([
    ['the server refuses the pasted token', json(401, { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'token_invalid', detail: SERVER_ENGLISH }), 'unauthorized', 'signInTokenRefused', []],
    ['no server answers', offline, 'unreachable', 'signInUnreachable', [SERVER]],
    ['something other than Jetway answers', html, 'not-jetway', 'signInNotJetway', [SERVER]],
    ['the server fails with an English detail', json(503, { type: 'about:blank', title: 'Unavailable', status: 503, code: 'unavailable', detail: SERVER_ENGLISH }), 'invalid', 'problem_unavailable', []],
  ] as const)('pasted token: %s', async (_case, fetchImpl, code, key, args) => {
    const outcome = await signIn(SERVER, TOKEN, fetchImpl as typeof fetch);
    expect(outcome).toMatchObject({ ok: false, code });
    if (!outcome.ok) expectSwedishOnly(outcome.message, key, ...args);
  });

  it.each(['invalid_grant', 'invalid_client', 'invalid_request', 'unauthorized_client', 'unsupported_grant_type'] as const)(
    'the token endpoint’s %s is told by its code, never by the server’s English description',
    async (error) => {
      const outcome = await requestTokens(SERVER, { grant_type: 'refresh_token', refresh_token: 'r'.repeat(40) }, json(error === 'invalid_client' ? 401 : 400, { error, error_description: SERVER_ENGLISH }));
      expect(outcome.kind).toBe('rejected');
      if (outcome.kind === 'rejected') expectSwedishOnly(outcome.message, `oauthError_${error}`);
    },
  );

  it.each([
    ['no server answers', offline, 'signInUnreachable', [SERVER]],
    ['something other than Jetway answers', html, 'signInNotJetway', [SERVER]],
    ['the server fails', json(502, { message: 'Bad gateway' }), 'signInServerStatus', ['502']],
    ['the server refuses without an OAuth error', json(400, { message: 'Bad request' }), 'signInRefusedStatus', ['400']],
  ] as const)('token endpoint: %s', async (_case, fetchImpl, key, args) => {
    const outcome = await requestTokens(SERVER, { grant_type: 'refresh_token', refresh_token: 'r'.repeat(40) }, fetchImpl as typeof fetch);
    expect(outcome.kind).not.toBe('ok');
    if (outcome.kind !== 'ok') expectSwedishOnly(outcome.message, key, ...args);
  });

  describe('with the extension’s database', () => {
    let db: JetwayDb;
    let dbs = 0;
    beforeEach(async () => {
      db = new JetwayDb(`sign-in-messages-${dbs++}`);
      await pendingSignInItem.setValue(null);
      await sessionEndedItem.setValue(null);
    });

    it('a refresh the server refuses ends the session with the Swedish reason the options page shows', async () => {
      await db.credentials.put({ id: 'agent', serverUrl: SERVER, refreshToken: 'r'.repeat(40), agentId: '00000000-0000-4000-8000-000000000001', savedAt: Date.now() });
      const keeper = createTokenKeeper(db, json(400, { error: 'invalid_grant', error_description: SERVER_ENGLISH }));
      const renewed = await keeper.refresh();
      expect(renewed.kind).toBe('ended');
      if (renewed.kind === 'ended') expectSwedishOnly(renewed.message, 'oauthError_invalid_grant');
      expect(renewed).toEqual({ kind: 'ended', message: 'Din inloggning har avslutats eller gått ut, eller så har ditt konto stängts av.' });
    });

    it('a sign-in that was not started here says so in Swedish', async () => {
      const outcome = await finishSignIn(db, 'code', 's'.repeat(43));
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expectSwedishOnly(outcome.message, 'signInNotStartedHere');
      expect(await readSessionEnded()).toBeNull();
    });

    it('a code the server refuses fails the sign-in in Swedish', async () => {
      const state = 's'.repeat(43);
      await pendingSignInItem.setValue({ serverUrl: SERVER, state, verifier: 'v'.repeat(43), redirectUri: 'https://example.test/', createdAt: Date.now() });
      const outcome = await finishSignIn(db, 'code', state, json(400, { error: 'invalid_grant', error_description: SERVER_ENGLISH }));
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expectSwedishOnly(outcome.message, 'signInFailed', swedishText('oauthError_invalid_grant'));
    });
  });
});
