// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import swedish from '@/public/_locales/sv/messages.json';
import { markPageLanguage } from '@/utils/i18n';
import { speak } from '@/tests/unit-messages';
import { requestTokens } from '@/entrypoints/background/credentials';
import type { OptionsBridge, OptionsState } from '../App';
import { optionsBridge } from '../bridge';
import { buttonNamed as button, renderOptions as render } from './render-options';

// Before any `t(…)`: the page must read entirely from the Swedish catalogue.
speak(swedish);

const sv = swedish as Record<string, { message: string }>;
const en = english as Record<string, { message: string }>;
/** What the server's token endpoint says in English for its administrators. */
const SERVER_ENGLISH = 'This sign-in has ended. Sign in again.';

/** English catalogue text (placeholders as wildcards) that Swedish words differently: none may show on a Swedish page. */
const englishSentences = Object.entries(en)
  .filter(([key, { message }]) => sv[key]!.message !== message && /[A-Za-z]{3,} [a-z]{2,}/.test(message))
  .map(([key, { message }]) => ({ key, pattern: new RegExp(message.split(/\$\d/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')) }));

function expectNoEnglish(text: string) {
  expect(text).not.toContain(SERVER_ENGLISH);
  for (const { key, pattern } of englishSentences) expect(text, key).not.toMatch(pattern);
}

const SIGNED_OUT: OptionsState = {
  signedIn: false,
  agentName: null,
  teamName: null,
  // Not a URL: the page must say so before anything is sent.
  serverUrl: 'jetway',
  sites: { x: true, facebook: true },
  defaultHandoffTeamId: null,
  handoffTargets: [],
  locked: { serverUrl: false, sites: false, defaultHandoffTeamId: false },
  sessionEnded: null,
};

/** The page's real sign-in checks, with the rest of the bridge standing in for the background. */
function bridgeWith(state: OptionsState): OptionsBridge {
  return {
    load: async () => state,
    signIn: optionsBridge.signIn,
    startWebSignIn: optionsBridge.startWebSignIn,
    subscribe: () => () => undefined,
    signOut: async () => undefined,
    unsentWrites: async () => [],
    saveSites: async () => undefined,
    saveDefaultTeam: async () => undefined,
    clearCachedData: async () => undefined,
  };
}

describe('the options page in Swedish', () => {
  it('is marked as Swedish for screen readers', () => {
    markPageLanguage();
    expect(document.documentElement.lang).toBe('sv');
  });

  it('says why the session ended by the server’s error code, in Swedish, never the server’s English', async () => {
    const ended = await requestTokens(
      'https://jetway.airline.example',
      { grant_type: 'refresh_token', refresh_token: 'r'.repeat(40) },
      async () => new Response(JSON.stringify({ error: 'invalid_grant', error_description: SERVER_ENGLISH }), { status: 400 }),
    );
    expect(ended.kind).toBe('rejected');
    const page = await render(bridgeWith({ ...SIGNED_OUT, sessionEnded: ended.kind === 'rejected' ? ended.message : null }));
    const alert = page.querySelector('[role="alert"]')!;
    expect(alert.textContent).toBe(
      'Din Jetway-session har upphört: Din inloggning har avslutats eller gått ut, eller så har ditt konto stängts av. Cachade medlemsuppgifter har rensats. Logga in igen för att se märken.',
    );
    expect(page.textContent).toContain(sv.optionsSignInWithJetway!.message);
    expectNoEnglish(page.textContent ?? '');
  });

  it.each([
    ['Logga in med Jetway', (page: HTMLElement) => button(page, 'Logga in med Jetway').click()],
    [
      'Logga in',
      (page: HTMLElement) => {
        const token = page.querySelector<HTMLInputElement>('input[type="password"]')!;
        // React reads what the agent typed through the input's own value setter.
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(token, 'jw_agent_0123456789abcdef');
        token.dispatchEvent(new Event('input', { bubbles: true }));
        page.querySelector('form')!.requestSubmit();
      },
    ],
  ])('asks for the server URL in Swedish when it is not one (%s)', async (_name, press) => {
    const page = await render(bridgeWith(SIGNED_OUT));
    await act(async () => press(page));
    expect(page.querySelector('[role="alert"]')?.textContent).toBe('Ange serverns URL, t.ex. https://jetway.airline.example');
    expectNoEnglish(page.textContent ?? '');
  });
});
