import { browser } from 'wxt/browser';
import { regexes } from 'zod/v4/core';
import { isKnownTimeZone } from '@/utils/contract/deadlines';
import type { ContentVerb, Send } from '@/utils/messaging';
import { SITE_IDS } from '@/utils/sites/registry';
import { ask } from './ask';
import type { BadgeAnswer, ContentSession } from './schemas';

/**
 * The verbs a content script sends before the agent opens anything (badges, the session,
 * site health), with answer checks that need no schema library: the badge path stays
 * small and fast on a page that grows by thousands of posts, while every answer is still
 * checked at the boundary. Each check states the same rules as the verb's answer schema
 * in `verbs.ts`; `__tests__/badge-path.test.ts` holds the two to the same verdicts. Every
 * other verb goes through `utils/messaging.ts`, loaded with the overlay UI.
 */

/** While the server cannot be reached, how often an open tab (or the popup) asks `checkServer`. */
export const SERVER_CHECK_MS = 3_000;

/** One rule about a value, as the schemas state it. */
type Rule = (value: unknown) => boolean;

const UUID = regexes.uuid();
const TIMESTAMP = regexes.datetime({ offset: true, local: false, precision: null });

const text =
  ({ min = 0, max = Infinity, pattern }: { min?: number; max?: number; pattern?: RegExp } = {}): Rule =>
  (value) =>
    typeof value === 'string' && value.length >= min && value.length <= max && (pattern === undefined || pattern.test(value));
const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER): Rule =>
  (value) =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
const flag: Rule = (value) => typeof value === 'boolean';
const oneOf =
  (...values: string[]): Rule =>
  (value) =>
    values.includes(value as string);
const nullable =
  (rule: Rule): Rule =>
  (value) =>
    value === null || rule(value);
const listOf =
  (rule: Rule): Rule =>
  (value) =>
    Array.isArray(value) && value.every(rule);
const record =
  (fields: Record<string, Rule>): Rule =>
  (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    for (const key in fields) if (!fields[key]!((value as Record<string, unknown>)[key])) return false;
    return true;
  };

const id = text({ pattern: UUID });
const timestamp = text({ pattern: TIMESTAMP });
const tierId = text({ pattern: /^[a-z][a-z0-9_-]{0,31}$/ });
const ref = record({ id, name: text() });

const tier = record({ id: tierId, name: text({ min: 1, max: 40 }), rank: integer(0), colour: text({ pattern: /^#[0-9a-fA-F]{6}$/ }), shortLabel: text({ min: 1, max: 4 }) });

const member = record({
  id,
  displayName: text({ max: 200 }),
  tierId,
  tierSince: text({ pattern: /^\d{4}-\d{2}-\d{2}$/ }),
  loyaltyNumberMasked: text({ pattern: /^•{4} \d{4}$/ }),
  homeAirport: nullable(text({ pattern: /^[A-Z]{3}$/ })),
  preferredChannel: oneOf('x_dm', 'facebook_messenger', 'email', 'phone', 'sms'),
  language: text({ pattern: /^[a-z]{2}(-[A-Z]{2})?$/ }),
});

const openCase = record({
  id,
  status: oneOf('open', 'pending', 'resolved'),
  assignee: nullable(ref),
  assignedAt: nullable(timestamp),
  openedAt: timestamp,
  firstResponseDueAt: timestamp,
  resolutionDueAt: timestamp,
});

const badgeAnswer = record({ network: oneOf('x', 'facebook'), handle: text(), member: nullable(member), openCase: nullable(openCase), key: text(), tier: nullable(tier) });

const team = record({
  id,
  name: text(),
  deadlines: record({
    timeZone: (value) => text({ min: 1 })(value) && isKnownTimeZone(value as string),
    firstResponseMinutes: integer(1, 7 * 24 * 60),
    dayEndsAt: text({ pattern: /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/ }),
  }),
});

const contentSession = record({
  signedIn: flag,
  agent: nullable(ref),
  team: nullable(team),
  handoffTargets: listOf(ref),
  defaultHandoffTeamId: nullable(id),
  tiers: listOf(tier),
  sites: record(Object.fromEntries(SITE_IDS.map((site) => [site, flag]))),
});

/** The answer rules of the badge path's verbs (the same as their schemas in `verbs.ts`). */
export const BADGE_PATH_ANSWERS = {
  getSession: contentSession,
  lookupIdentities: record({ signedIn: flag, results: listOf(badgeAnswer) }),
  getRecentAnswers: listOf(badgeAnswer),
  reportSiteHealth: (value) => value === undefined,
  checkServer: record({ reachable: flag }),
} satisfies Partial<Record<ContentVerb, Rule>>;

export type BadgePathVerb = keyof typeof BADGE_PATH_ANSWERS;

export function isBadgePathVerb(verb: string): verb is BadgePathVerb {
  return Object.hasOwn(BADGE_PATH_ANSWERS, verb);
}

/** Asks the background one of the badge path's verbs; refused or unreachable rejects, as `sendMessage` does. */
export const sendOnBadgePath: Send<BadgePathVerb> = (verb, ...args) =>
  ask<never>(
    { check: (value) => (BADGE_PATH_ANSWERS[verb](value) ? { success: true, data: value as never } : { success: false }) },
    verb,
    () => browser.runtime.sendMessage({ jetway: verb, data: args[0] }),
  );

export type { BadgeAnswer, ContentSession };
