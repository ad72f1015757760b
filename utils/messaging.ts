import { browser } from 'wxt/browser';
import { z } from 'zod';
import {
  CaseStatusSchema, IdentitySchema, IdSchema, MAX_LOOKUP_IDENTITIES, PreferredChannelSchema, TranscriptEntrySchema,
  type MemberCard,
} from '@/utils/contract';
import type { BadgeAnswer } from '@/utils/overlay/badges';
import type { ContentSession, WriteReceipt } from '@/utils/overlay/bridge';

/** Which sites Jetway runs on. (Here, not in storage.ts: content scripts must not load storage items.) */
export const SitesSchema = z.object({ x: z.boolean(), facebook: z.boolean() });
export type Sites = z.infer<typeof SitesSchema>;

/**
 * The one message protocol between content scripts, extension pages and the background.
 * Verb-first names, one `data` object, plain answers. Each verb declares who may send it
 * and the schema its data must match; the background checks both before any handler runs.
 */
export const PROTOCOL = {
  // Content-script verbs: narrow, never a generic fetch.
  lookupIdentities: { from: 'any', data: z.object({ identities: z.array(IdentitySchema).min(1).max(MAX_LOOKUP_IDENTITIES * 5) }) },
  getSession: { from: 'any', data: z.undefined() },
  getMemberCard: { from: 'any', data: z.object({ memberId: IdSchema }) },
  enqueueHandoff: {
    from: 'any',
    data: z.object({
      identity: IdentitySchema,
      caseId: IdSchema.optional(),
      toTeamId: IdSchema.optional(),
      reason: z.string().max(1000),
      preferredChannel: PreferredChannelSchema.nullable(),
      transcript: z.array(TranscriptEntrySchema).min(1).max(200),
    }),
  },
  undoWrite: { from: 'any', data: z.object({ outboxId: z.uuid() }) },
  enqueueNote: { from: 'any', data: z.object({ caseId: IdSchema, text: z.string().trim().min(1).max(4000) }) },
  enqueueCaseOpen: { from: 'any', data: z.object({ identity: IdentitySchema, subject: z.string().trim().min(1).max(500), postUrl: z.url().nullable() }) },
  enqueueCaseChange: {
    from: 'any',
    data: z.object({
      caseId: IdSchema,
      status: CaseStatusSchema.optional(),
      assignee: z.union([z.literal('me'), z.null()]).optional(),
      version: z.number().int().min(1),
    }),
  },
  enqueueLink: { from: 'any', data: z.object({ identity: IdentitySchema, loyaltyNumber: z.string().trim().min(4).max(32) }) },
  enqueueUnlink: { from: 'any', data: z.object({ linkId: IdSchema }) },
  reportSiteHealth: { from: 'content', data: z.object({ postsSeen: z.number().int().min(0).max(1e6), postsWithHandle: z.number().int().min(0).max(1e6) }) },
  // Extension-page verbs (popup, options).
  signIn: { from: 'page', data: z.object({ serverUrl: z.url(), token: z.string().trim().min(10).max(500) }) },
  signOut: { from: 'page', data: z.undefined() },
  retryWrite: { from: 'page', data: z.object({ outboxId: z.uuid() }) },
  discardWrite: { from: 'page', data: z.object({ outboxId: z.uuid() }) },
  clearCachedData: { from: 'page', data: z.undefined() },
  saveSettings: {
    from: 'page',
    data: z.object({ sites: SitesSchema.optional(), defaultHandoffTeamId: IdSchema.nullable().optional() }),
  },
  syncNow: { from: 'page', data: z.undefined() },
} as const;

export type Verb = keyof typeof PROTOCOL;
export type VerbData<V extends Verb> = z.infer<(typeof PROTOCOL)[V]['data']>;

export type SignInOutcome = { ok: true; agentName: string } | { ok: false; code: 'unauthorized' | 'unreachable' | 'not-jetway' | 'invalid'; message: string };

export interface Answers {
  lookupIdentities: { signedIn: boolean; results: BadgeAnswer[] };
  getSession: ContentSession;
  getMemberCard: { ok: true; card: MemberCard } | { ok: false; message: string };
  enqueueHandoff: WriteReceipt;
  undoWrite: WriteReceipt;
  enqueueNote: WriteReceipt;
  enqueueCaseOpen: WriteReceipt;
  enqueueCaseChange: WriteReceipt;
  enqueueLink: WriteReceipt;
  enqueueUnlink: WriteReceipt;
  reportSiteHealth: void;
  signIn: SignInOutcome;
  signOut: void;
  retryWrite: void;
  discardWrite: void;
  clearCachedData: void;
  saveSettings: void;
  syncNow: void;
}

/** On the wire: `{ jetway: verb, data }` → `{ ok: true, value }` or `{ ok: false, error }`. */
export const EnvelopeSchema = z.object({ jetway: z.string(), data: z.unknown().optional() });
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

export class MessageRejected extends Error {}

/** Asks the background; rejects when it refuses the message or is unreachable. */
export async function sendMessage<V extends Verb>(verb: V, ...args: VerbData<V> extends undefined ? [] : [VerbData<V>]): Promise<Answers[V]> {
  const reply = (await browser.runtime.sendMessage({ jetway: verb, data: args[0] })) as Reply<Answers[V]> | undefined;
  if (!reply) throw new MessageRejected(`No answer to ${verb}`);
  if (!reply.ok) throw new MessageRejected(reply.error);
  return reply.value;
}

/** Background → content script verbs. */
export const TAB_VERBS = ['handOffFocusedPost', 'lookupRecovered'] as const;
export type TabVerb = (typeof TAB_VERBS)[number];

export async function sendToTab(tabId: number, verb: TabVerb): Promise<unknown> {
  return browser.tabs.sendMessage(tabId, { jetwayTab: verb });
}
