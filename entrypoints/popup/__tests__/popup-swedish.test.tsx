// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '@/public/_locales/en/messages.json';
import swedish from '@/public/_locales/sv/messages.json';
import { speak } from '@/tests/unit-messages';
import { createBackground } from '@/entrypoints/background/background';
import type { Case, Me } from '@/utils/contract';
import { jetwayDb } from '@/utils/db';
import type { MessageSender } from '@/utils/protocol/router';
import { authItem, meItem, readServerState } from '@/utils/storage';
import { App } from '../App';

// Before any `t(…)`: the popup, and every message the background keeps for it, in Swedish.
speak(swedish);

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const sv = swedish as Record<string, { message: string }>;
const en = english as Record<string, { message: string }>;
const swedishText = (key: string, ...args: string[]) => sv[key]!.message.replace(/\$(\d)/g, (_m, n: string) => args[Number(n) - 1] ?? '');
/** What the server says in English for its logs and administrators; the agent never reads it. */
const SERVER_ENGLISH = ['This case was changed by someone else', 'No member has this loyalty number'];

/** English catalogue text that Swedish words differently: sentences (placeholders as wildcards), and single words. */
const differing = Object.entries(en).filter(([key, { message }]) => sv[key]!.message !== message);
const englishSentences = differing
  .filter(([, { message }]) => /[A-Za-z]{3,} [a-z]{2,}/.test(message))
  .map(([key, { message }]) => ({ key, pattern: new RegExp(message.split(/\$\d/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')) }));
const englishWords = differing.filter(([, { message }]) => /^[A-Za-z][A-Za-z'’-]*$/.test(message.trim())).map(([key, { message }]) => ({ key, word: message.trim() }));

/** Everything the agent reads or hears: the text, and the names given to controls and regions. */
function readable(page: HTMLElement): { text: string; pieces: string[] } {
  const pieces: string[] = [];
  for (const element of [page, ...page.querySelectorAll('*')]) {
    const own = [...element.childNodes].filter((node) => node.nodeType === node.TEXT_NODE).map((node) => node.textContent ?? '').join('').trim();
    if (own) pieces.push(own);
    for (const name of ['aria-label', 'title', 'placeholder']) {
      const value = element.getAttribute(name);
      if (value) pieces.push(value.trim());
    }
  }
  return { text: `${page.textContent ?? ''} ${pieces.join(' ')}`, pieces };
}

function expectNoEnglish(page: HTMLElement) {
  const { text, pieces } = readable(page);
  for (const detail of SERVER_ENGLISH) expect(text).not.toContain(detail);
  for (const { key, pattern } of englishSentences) expect(text, key).not.toMatch(pattern);
  for (const { key, word } of englishWords) expect(pieces, key).not.toContain(word);
}

const SERVER = 'https://jetway.airline.example';
const ref = (n: number, name: string) => ({ id: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`, name });
const ERIN = ref(1, 'Erin Agent');
const DANA = ref(2, 'Dana Berg');
const ME: Me = {
  agent: ERIN,
  role: 'agent',
  team: { ...ref(3, 'Social Care'), deadlines: { timeZone: 'Europe/Stockholm', firstResponseMinutes: 15, dayEndsAt: '24:00' } },
  handoffTargets: [ref(4, 'Baggage')],
  tiers: [],
};

function openCase(n: number, handle: string, assignee: typeof ERIN, subject: string): Case {
  const at = new Date(Date.now() - 5 * 60_000).toISOString();
  return {
    id: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
    team: ME.team,
    identity: { network: 'x', handle },
    memberId: null,
    subject,
    postUrl: `https://x.com/${handle}/status/17966213889975433${n}`,
    status: 'open',
    assignee,
    assignedAt: at,
    openedAt: at,
    firstResponseDueAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    firstRespondedAt: null,
    resolutionDueAt: new Date(Date.now() + 8 * 60 * 60_000).toISOString(),
    resolvedAt: null,
    updatedAt: at,
    version: 1,
  };
}
const MINE = openCase(1, 'u_d95bf3e3ae', ERIN, 'Väskan kom inte fram till ARN');
const TAKEN = openCase(2, 'u_1f01dbe592', DANA, 'Återbetalning för inställt flyg');

const problem = (status: number, code: string, detail: string) =>
  new Response(JSON.stringify({ type: 'about:blank', title: 'Refused', status, code, detail }), { status, headers: { 'content-type': 'application/problem+json' } });

/**
 * The Jetway server as the background sees it: the team's cases; a colleague already took
 * one (a change based on its old version is stale, 409); no member has the loyalty number
 * typed (422); and, once `down`, no answer at all.
 */
const server = {
  down: false,
  fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const route = `${init?.method ?? 'GET'} ${url.pathname}`;
    if (server.down) throw new TypeError('Failed to fetch');
    if (route === 'GET /v1/cases') return Response.json({ cases: [MINE, TAKEN] });
    if (route === 'GET /v1/handoffs') return Response.json({ handoffs: [] });
    if (route === `PATCH /v1/cases/${TAKEN.id}`) return problem(409, 'case_changed', SERVER_ENGLISH[0]!);
    if (route === 'POST /v1/links') return problem(422, 'member_not_found', SERVER_ENGLISH[1]!);
    return problem(404, 'route_not_found', 'Not found');
  }) as typeof fetch,
};

describe('the popup in Swedish', () => {
  let root: Root | null = null;
  let page: HTMLElement;

  beforeAll(async () => {
    await authItem.setValue({ serverUrl: SERVER, token: 'jw_agent_0123456789abcdef' });
    await meItem.setValue(ME);
    const background = createBackground(jetwayDb(), server.fetch);
    // The popup's messages reach the background as from one of the extension's pages.
    const fromPopup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') } as MessageSender;
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => {
      const reply = await background.router(message, fromPopup);
      return JSON.parse(JSON.stringify(reply ?? null));
    }) as never);
    const stateOf = (outboxId: string) => background.handlers.getWriteState({ outboxId, waitMs: 5_000 }, fromPopup);

    // While the server answers: the cases sync; "Take case" on the case a colleague took
    // meanwhile is refused as stale; a link to a loyalty number no member has is refused.
    await background.handlers.syncNow(undefined, fromPopup);
    const take = crypto.randomUUID();
    await background.handlers.enqueueCaseChange({ writeId: take, caseId: TAKEN.id, assignee: 'me', version: TAKEN.version }, fromPopup);
    expect(await stateOf(take)).toMatchObject({ state: 'failed', status: 409, conflict: true });
    const link = crypto.randomUUID();
    await background.handlers.enqueueLink({ writeId: link, identity: { network: 'x', handle: 'u_a98f02102c' }, loyaltyNumber: 'SK999999999' }, fromPopup);
    expect(await stateOf(link)).toMatchObject({ state: 'failed', status: 422 });
    // Then the server cannot be reached: a note waits for it.
    server.down = true;
    const note = crypto.randomUUID();
    await background.handlers.enqueueNote({ writeId: note, caseId: MINE.id, text: 'Bad om väsketaggen i DM' }, fromPopup);
    expect(await stateOf(note)).toEqual({ state: 'queued', attempted: true });
    expect(await readServerState()).toMatchObject({ reachable: false });

    const container = document.createElement('div');
    document.body.replaceChildren(container);
    root = createRoot(container);
    await act(async () => root!.render(<App />));
    page = container;
    // The popup reads storage and the database as it renders: wait for both failures and the waiting note.
    const deadline = Date.now() + 15_000;
    while (page.querySelectorAll('[role="alert"]').length < 2 || !page.textContent?.includes(swedishText('popupPending', '1'))) {
      if (Date.now() > deadline) throw new Error(`The popup did not show the outbox: ${page.textContent}`);
      await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    }
  });

  afterAll(() => {
    act(() => root?.unmount());
    vi.restoreAllMocks();
  });

  it('says the server cannot be reached, in Swedish', () => {
    expect(page.querySelector('.banner[role="status"]')?.textContent).toBe(swedishText('popupOffline'));
  });

  it('names each refused write and why, from the Swedish catalogue, never the server’s English', () => {
    const alerts = [...page.querySelectorAll('[role="alert"]')].map((alert) => alert.querySelector('p')?.textContent);
    expect(alerts).toEqual([
      `${swedishText('outboxTake')}: ${swedishText('writeConflict')}`,
      `${swedishText('outboxLink', 'u_a98f02102c')}: ${swedishText('writeRefused', swedishText('problem_member_not_found'))}`,
    ]);
    for (const alert of page.querySelectorAll('[role="alert"]')) {
      expect([...alert.querySelectorAll('button')].map((button) => button.textContent)).toEqual([swedishText('popupRetry'), swedishText('popupDiscard')]);
    }
  });

  it('shows the waiting note and the agent’s case in Swedish', () => {
    expect(page.textContent).toContain(swedishText('popupPending', '1'));
    const row = [...page.querySelectorAll('li.case')].find((item) => item.textContent?.includes(`@${MINE.identity.handle}`));
    expect(row?.textContent).toContain(MINE.subject);
    expect(row?.textContent).toContain(swedishText('deadlineFirstResponse'));
    expect(row?.textContent).toContain(swedishText('caseStatus_open'));
    expect(row?.textContent).toContain(swedishText('popupWaitingToSync'));
    expect(row?.querySelector('.case-open')?.getAttribute('aria-label')).toBe(swedishText('popupOpenPost', MINE.identity.handle));
    expect(row?.querySelector('.resolve')?.textContent).toBe(swedishText('cardResolveCase'));
    expect(page.querySelector('h1')?.textContent).toBe(swedishText('popupTitle'));
  });

  it('shows no English catalogue text, on either tab', async () => {
    expectNoEnglish(page);
    // The team's cases too (the one a colleague holds), then the "Handed off" tab.
    const team = [...page.querySelectorAll('button[role="radio"]')].find((button) => button.textContent === swedishText('popupTeam'))!;
    await act(async () => (team as HTMLButtonElement).click());
    expect(page.textContent).toContain(`@${TAKEN.identity.handle}`);
    expect(page.textContent).toContain(DANA.name);
    expectNoEnglish(page);
    const handedOff = [...page.querySelectorAll('button[role="tab"]')].find((button) => button.textContent === swedishText('popupTabHandedOff'))!;
    await act(async () => (handedOff as HTMLButtonElement).click());
    // The tab says nothing until its list is read, then that there is nothing in it.
    for (let wait = 0; wait < 100 && !page.textContent?.includes(swedishText('popupHandedOffEmpty')); wait++) {
      await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    }
    expect(page.textContent).toContain(swedishText('popupHandedOffEmpty'));
    expectNoEnglish(page);
  });
});
