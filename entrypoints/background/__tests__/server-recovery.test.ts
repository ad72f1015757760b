import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Me } from '@/utils/contract';
import { JetwayDb } from '@/utils/db';
import { createServerCheck } from '@/utils/overlay/server-check';
import { SERVER_CHECK_MS } from '@/utils/protocol/badge-path';
import { createTabRouter, type MessageSender } from '@/utils/protocol/router';
import { authItem, meItem, readServerState, serverStateItem } from '@/utils/storage';
import { createBackground } from '../background';

/**
 * The server's return is noticed within 5 s while a Jetway tab is open, on a simulated
 * clock: the tab's own check loop (`createServerCheck`, as the content script runs it)
 * asks the background's `checkServer` every `SERVER_CHECK_MS`, and the background talks
 * to a server that cannot be reached until the test says it answers again. Time moves
 * only when everything started so far has finished, so a busy machine cannot make the
 * bound pass or fail.
 */

const SERVER = 'https://jetway.airline.example';
const CASE_ID = '00000000-0000-4000-8000-0000000000c1';
const BOUND_MS = 5_000;
const STEP_MS = 100;

const ref = (n: number, name: string) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, name });
const ME: Me = {
  agent: ref(1, 'Erin Agent'),
  role: 'agent',
  team: { ...ref(2, 'Social Care'), deadlines: { timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '24:00' } },
  handoffTargets: [ref(3, 'Baggage')],
  tiers: [],
};

const TAB = { id: 7, url: 'https://x.com/home' };
const fromTab = { id: fakeBrowser.runtime.id, url: TAB.url, tab: { id: TAB.id } } as MessageSender;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' } });

/** A Jetway server the test switches on and off; it notes each request with the simulated time it arrived. */
class SwitchedServer {
  up = false;
  readonly requests: Array<{ method: string; path: string; at: number; answered: boolean }> = [];

  readonly fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, at: Date.now(), answered: this.up });
    if (!this.up) throw new TypeError('Failed to fetch');
    if (method === 'GET' && url.pathname === '/healthz') return json(200, { status: 'ok' });
    if (method === 'POST' && url.pathname === `/v1/cases/${CASE_ID}/notes`) return json(201, { id: crypto.randomUUID() });
    return json(404, { type: 'about:blank', title: 'Not Found', status: 404, code: 'route_not_found' });
  }) as typeof fetch;

  sent(method: string, path: string) {
    return this.requests.filter((request) => request.answered && request.method === method && request.path === path);
  }
}

describe('the server’s return, noticed while a Jetway tab is open', () => {
  const realSetTimeout = globalThis.setTimeout;
  let server: SwitchedServer;
  let background: ReturnType<typeof createBackground>;
  let db: JetwayDb;
  let dbs = 0;
  /** Every `checkServer` the tab sent and the background has not answered yet. */
  const unanswered = new Set<Promise<unknown>>();
  /** When the tab asked, in simulated time. */
  let tabAskedAt: number[];

  /** Lets everything started so far finish (storage, the database, the tab's questions) without moving the clock. */
  const settle = async () => {
    for (let rounds = 0; rounds < 10_000; rounds++) {
      await new Promise((resolve) => realSetTimeout(resolve, 1));
      // Work queued for "now" on the simulated clock (zero-delay timers) runs too.
      await vi.advanceTimersByTimeAsync(0);
      if (unanswered.size === 0 && rounds >= 5) return;
    }
    throw new Error('The background never answered the tab');
  };
  /** Moves the simulated clock by `ms`, settling after each step. */
  const elapse = async (ms: number, until: () => boolean = () => false) => {
    for (let passed = 0; passed < ms && !until(); passed += STEP_MS) {
      await vi.advanceTimersByTimeAsync(Math.min(STEP_MS, ms - passed));
      await settle();
    }
  };

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: new Date('2026-12-05T08:00:00Z') });
    server = new SwitchedServer();
    tabAskedAt = [];
    await serverStateItem.setValue(null);
    await authItem.setValue({ serverUrl: SERVER, token: 'jw_agent_0123456789abcdef' });
    await meItem.setValue(ME);
    db = new JetwayDb(`server-recovery-${++dbs}`);
    background = createBackground(db, server.fetch);

    // One open X tab running the content script's check loop; the background reaches it
    // through the tab router, and it asks through the background's router.
    const askBackground = async () => {
      tabAskedAt.push(Date.now());
      const asked = background.router({ jetway: 'checkServer' }, fromTab)!;
      unanswered.add(asked);
      const reply = await asked.finally(() => unanswered.delete(asked));
      if (!reply.ok) throw new Error(reply.error);
      return reply.value as { reachable: boolean };
    };
    const tabCtx = { isInvalid: false, setTimeout: (handler: () => void, ms?: number) => setTimeout(handler, ms) as unknown as number };
    const watchServer = createServerCheck(tabCtx, askBackground);
    const tabRouter = createTabRouter(
      { watchServer: async () => watchServer(), lookupRecovered: async () => undefined, handOffFocusedPost: async () => false },
      fakeBrowser.runtime.id,
    );
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([TAB] as never);
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(((_tabId: number, message: unknown) => tabRouter(message, { id: fakeBrowser.runtime.id })) as never);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it.each([1, 1_500, SERVER_CHECK_MS - 1])(
    'back %i ms after the tab last asked: the state turns reachable and the waiting note is sent within 5 s',
    async (afterAsking) => {
      // The agent adds a note during the outage: it is kept, and the background tells the
      // open tab to start asking whether the server is back.
      const writeId = crypto.randomUUID();
      expect(await background.handlers.enqueueNote({ writeId, caseId: CASE_ID, text: 'Asked for the bag tag by DM' }, fromTab)).toEqual({
        status: 'stored',
        outboxId: writeId,
      });
      await settle();
      expect(await readServerState()).toMatchObject({ reachable: false });
      expect(await db.outbox.get(writeId)).toMatchObject({ state: 'queued', attempts: 1 });
      expect(tabAskedAt).toHaveLength(1);
      // After many failures the write's own retry is far away: only the server's return may send it now.
      await db.outbox.update(writeId, { nextAttemptAt: Date.now() + 10 * 60_000 });

      // Still down for a while: the tab keeps asking, each question probes, nothing is sent.
      await elapse(3 * SERVER_CHECK_MS);
      expect(tabAskedAt.length).toBeGreaterThanOrEqual(3);
      expect(server.requests.filter((request) => request.path === '/healthz').length).toBeGreaterThanOrEqual(2);
      expect(await readServerState()).toMatchObject({ reachable: false });
      expect(server.sent('POST', `/v1/cases/${CASE_ID}/notes`)).toEqual([]);

      // The server answers again `afterAsking` ms after the tab's latest question.
      await elapse(tabAskedAt.at(-1)! + afterAsking - Date.now());
      server.up = true;
      const backAt = Date.now();
      const sent = () => server.sent('POST', `/v1/cases/${CASE_ID}/notes`);
      await elapse(BOUND_MS, () => sent().length > 0);

      expect(sent()).toHaveLength(1);
      expect(sent()[0]!.at - backAt).toBeLessThanOrEqual(BOUND_MS);
      expect(await readServerState()).toMatchObject({ reachable: true, message: null });
      expect(await db.outbox.get(writeId)).toMatchObject({ state: 'sent', attempts: 2 });
      // The tab stopped asking once the answer was "reachable".
      const asked = tabAskedAt.length;
      await elapse(2 * SERVER_CHECK_MS);
      expect(tabAskedAt).toHaveLength(asked);
    },
  );
});
