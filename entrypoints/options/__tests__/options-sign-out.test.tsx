// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { markPageLanguage } from '@/utils/i18n';
import type { UnsentWrite } from '@/utils/protocol/schemas';
import type { OptionsBridge, OptionsState } from '../App';
import { buttonNamed, renderOptions as render } from './render-options';

const SIGNED_IN: OptionsState = {
  signedIn: true,
  agentName: 'Erin Agent',
  teamName: 'Social Care',
  serverUrl: 'https://jetway.airline.example',
  sites: { x: true, facebook: true },
  defaultHandoffTeamId: null,
  handoffTargets: [{ id: '7b0e6a3c-4c1f-4f0a-9d5e-2a4b6c8d0e1f', name: 'Baggage' }],
  locked: { serverUrl: false, sites: false, defaultHandoffTeamId: false },
  sessionEnded: null,
};

const UNSENT: UnsentWrite[] = [
  { id: '0f8c2b1e-3d4a-4b5c-8d6e-7f8091a2b3c4', label: { key: 'outboxHandoff', args: ['frequent_flyer', 'Baggage'] }, state: 'queued', createdAt: 1 },
  { id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', label: { key: 'outboxHandoffElsewhere', args: ['gold_member'] }, state: 'failed', createdAt: 2 },
];

/**
 * The background as the page sees it: the state and the unsent writes it answers, and the
 * sign-outs the page asked for (the background's own handling of each choice is tested in
 * entrypoints/background/__tests__/write-outcome.test.ts).
 */
function background(unsent: UnsentWrite[]) {
  let state = SIGNED_IN;
  const signOuts: Array<'send' | 'keep' | 'discard'> = [];
  const bridge: OptionsBridge = {
    load: async () => state,
    signIn: async () => ({ ok: true }) as never,
    startWebSignIn: async () => ({ ok: true, done: false }),
    subscribe: () => () => undefined,
    signOut: async (choice) => {
      signOuts.push(choice);
      state = { ...state, signedIn: false, agentName: null, teamName: null };
    },
    unsentWrites: async () => unsent,
    saveSites: async () => undefined,
    saveDefaultTeam: async () => undefined,
    clearCachedData: async () => undefined,
  };
  return { bridge, signOuts };
}

async function press(container: HTMLElement, text: string): Promise<void> {
  const found = buttonNamed(container, text);
  await act(async () => found.click());
}

describe('signing out with changes not sent yet', () => {
  it('signs out at once, keeping nothing to ask about, when every change was sent', async () => {
    const { bridge, signOuts } = background([]);
    const page = await render(bridge);
    await press(page, 'Sign out');
    expect(signOuts).toEqual(['keep']);
    expect(page.querySelector('[role="alertdialog"]')).toBeNull();
    expect(page.textContent).toContain('Signed out. Cached member data was cleared.');
  });

  it('lists each unsent change and asks; Cancel keeps the agent signed in with nothing done', async () => {
    const { bridge, signOuts } = background(UNSENT);
    const page = await render(bridge);
    await press(page, 'Sign out');
    const dialog = page.querySelector('[role="alertdialog"]')!;
    expect(dialog.querySelector('h3')!.textContent).toBe('2 changes not sent yet');
    expect([...dialog.querySelectorAll('li')].map((item) => item.textContent)).toEqual(['Hand-off of @frequent_flyer to Baggage', 'Hand-off of @gold_member']);
    await press(page, 'Cancel');
    expect(signOuts).toEqual([]);
    expect(page.querySelector('[role="alertdialog"]')).toBeNull();
    expect(page.textContent).toContain('Erin Agent');
  });

  it.each([
    ['Send now, then sign out', 'send'],
    ['Keep them for me', 'keep'],
    ['Discard them', 'discard'],
  ] as const)('"%s" signs out with the agent’s choice (%s), and says so', async (label, choice) => {
    const { bridge, signOuts } = background(UNSENT);
    const page = await render(bridge);
    await press(page, 'Sign out');
    await press(page, label);
    expect(signOuts).toEqual([choice]);
    expect(page.querySelector('[role="alertdialog"]')).toBeNull();
    expect(page.textContent).toContain('Signed out. Cached member data was cleared.');
  });

  it('marks the page with its catalogue’s language for screen readers', () => {
    document.documentElement.lang = 'xx';
    markPageLanguage();
    expect(document.documentElement.lang).toBe('en');
  });
});
