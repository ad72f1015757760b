import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MessageRejected } from '@/utils/messaging';
import { BADGE_PATH_ANSWERS, isBadgePathVerb, sendOnBadgePath, type BadgePathVerb } from '@/utils/protocol/badge-path';
import { createRouter, type BackgroundHandlers, type MessageSender } from '@/utils/protocol/router';
import { VERBS } from '@/utils/protocol/verbs';

const member = {
  id: '00000000-0000-4000-8000-000000000011',
  displayName: 'Gold Person',
  tierId: 'gold',
  tierSince: '2024-03-01',
  loyaltyNumberMasked: '•••• 0001',
  homeAirport: 'ARN',
  preferredChannel: 'x_dm',
  language: 'sv-SE',
};
const tier = { id: 'gold', name: 'Gold', rank: 2, colour: '#b8860b', shortLabel: 'GLD' };
const ref = { id: '00000000-0000-4000-8000-000000000021', name: 'Erin Agent' };
const openCase = {
  id: '00000000-0000-4000-8000-000000000031',
  status: 'open',
  assignee: ref,
  assignedAt: '2026-12-05T08:00:00.000Z',
  openedAt: '2026-12-05T07:59:00+01:00',
  firstResponseDueAt: '2026-12-05T08:15:00Z',
  resolutionDueAt: '2026-12-06T00:00:00.123456Z',
};
const answer = { key: 'x:gold_person', network: 'x', handle: 'gold_person', member, openCase, tier };
const stranger = { key: 'facebook:100001', network: 'facebook', handle: '100001', member: null, openCase: null, tier: null };
const session = {
  signedIn: true,
  agent: ref,
  team: { id: '00000000-0000-4000-8000-000000000041', name: 'Social Care', deadlines: { timeZone: 'Europe/Stockholm', firstResponseMinutes: 15, dayEndsAt: '24:00' } },
  handoffTargets: [ref],
  defaultHandoffTeamId: '00000000-0000-4000-8000-000000000041',
  tiers: [tier],
  sites: { x: true, facebook: false },
};

/** A valid answer of each badge-path verb; the mutations below are made from these. */
const VALID: Record<BadgePathVerb, unknown[]> = {
  getSession: [session, { ...session, signedIn: false, agent: null, team: null, handoffTargets: [], defaultHandoffTeamId: null, tiers: [] }],
  lookupIdentities: [{ signedIn: true, results: [answer, stranger] }, { signedIn: false, results: [] }],
  getRecentAnswers: [[answer, stranger], []],
  reportSiteHealth: [undefined],
  checkServer: [{ reachable: true }, { reachable: false }],
};

/** Values each field is swapped for: wrong types, empties, edges of the schemas' rules. */
const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  true,
  0,
  -1,
  1.5,
  Number.NaN,
  Infinity,
  2 ** 60,
  10_080,
  10_081,
  '',
  'x',
  'X'.repeat(41),
  'y'.repeat(201),
  '#B8860B',
  '#b8860',
  'red',
  'GOLD',
  'g0ld-1',
  '00000000-0000-4000-8000-00000000001',
  '00000000-0000-0000-0000-000000000000',
  '2026-12-05',
  '2026-12-05T08:00:00',
  '2026-12-05T08:00Z',
  '2026-12-05T25:00:00Z',
  '2026-12-05T08:00:00+24:00',
  '•••• 12345',
  '**** 1234',
  'arn',
  'sv',
  'sv-se',
  'pending',
  'closed',
  'sms',
  'facebook',
  'Mars/Olympus',
  '23:59',
  '24:01',
  {},
  [],
  [null],
  [tier],
  [ref],
  ref,
];

type Path = Array<string | number>;

/** Every path to a value inside `value` (the root included). */
function pathsOf(value: unknown, path: Path = []): Path[] {
  const paths: Path[] = [path];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...path, index])));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...path, key]));
  return paths;
}

function replaced(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = replaced(copy[head!], rest, replacement);
  return copy;
}

describe("the badge path's answer checks", () => {
  it('cover exactly the verbs a content script sends before the agent opens anything', () => {
    expect(Object.keys(BADGE_PATH_ANSWERS).sort()).toEqual(['checkServer', 'getRecentAnswers', 'getSession', 'lookupIdentities', 'reportSiteHealth']);
    for (const verb of Object.keys(BADGE_PATH_ANSWERS)) expect(VERBS[verb as BadgePathVerb].from).not.toBe('page');
    expect(isBadgePathVerb('getMemberCard')).toBe(false);
    expect(isBadgePathVerb('constructor')).toBe(false);
  });

  it.each(Object.keys(VALID) as BadgePathVerb[])('security: %s — the light check and the verb’s schema give the same verdict on every mutation', (verb) => {
    const schema = VERBS[verb].answer;
    const check = BADGE_PATH_ANSWERS[verb];
    let compared = 0;
    for (const valid of VALID[verb]) {
      expect(schema.safeParse(valid).success).toBe(true);
      expect(check(valid)).toBe(true);
      for (const path of pathsOf(valid)) {
        for (const replacement of REPLACEMENTS) {
          const candidate = replaced(valid, path, replacement);
          const verdict = schema.safeParse(candidate).success;
          expect(check(candidate), `${verb} with ${JSON.stringify(path)} = ${JSON.stringify(replacement)}: the schema says ${verdict}`).toBe(verdict);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(REPLACEMENTS.length);
  });
});

const env = { runtimeId: 'jetway-id', extensionBase: 'chrome-extension://jetway-id/' };
const content = { id: 'jetway-id', url: 'https://x.com/home', tab: { id: 7 } } as unknown as MessageSender;

/** A real round trip through the background's router, as in protocol.test.ts. */
function connect(handlers: Partial<BackgroundHandlers>) {
  const route = createRouter(handlers as BackgroundHandlers, env);
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => JSON.parse(JSON.stringify((await route(message, content)) ?? null))) as never);
}

describe('sending on the badge path', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('asks the background and hands back its checked answer', async () => {
    const lookupIdentities = vi.fn(async () => ({ signedIn: true, results: [answer] }) as never);
    connect({ lookupIdentities, getSession: async () => session as never, reportSiteHealth: async () => undefined });
    expect(await sendOnBadgePath('lookupIdentities', { identities: [{ network: 'x', handle: 'Gold_Person' }] })).toEqual({ signedIn: true, results: [answer] });
    // The background still checks the request with the verb's schema (handles lower-cased).
    expect(lookupIdentities).toHaveBeenCalledWith({ identities: [{ network: 'x', handle: 'gold_person' }] }, expect.anything());
    expect(await sendOnBadgePath('getSession')).toEqual(session);
    expect(await sendOnBadgePath('reportSiteHealth', { postsSeen: 3, postsWithHandle: 0 })).toBeUndefined();
  });

  it('security: an answer that breaks its verb is not used, and a refusal rejects', async () => {
    connect({ getRecentAnswers: async () => [{ ...answer, tier: { ...tier, colour: 'red;background:url(//evil)' } }] as never });
    await expect(sendOnBadgePath('getRecentAnswers')).rejects.toBeInstanceOf(MessageRejected);
    connect({ lookupIdentities: async () => ({ signedIn: true, results: [answer] }) as never });
    await expect(sendOnBadgePath('lookupIdentities', { identities: [{ network: 'x', handle: 'not a handle!' }] })).rejects.toThrow(/Invalid lookupIdentities request/);
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist'));
    await expect(sendOnBadgePath('getSession')).rejects.toThrow('Receiving end does not exist');
  });
});
