import { browser } from 'wxt/browser';
import type { z } from 'zod';
import type { MemberCard } from '@/utils/contract';
import type { PROTOCOL, SitesSchema } from '@/utils/message-schemas';
import type { BadgeAnswer } from '@/utils/overlay/badges';
import type { ContentSession, WriteReceipt } from '@/utils/overlay/bridge';

/**
 * The one message protocol between content scripts, extension pages and the background:
 * verb-first names, one `data` object, plain answers. Each verb's schema and allowed
 * senders live in `message-schemas.ts` (the background checks both before any handler
 * runs); this module holds only types and the sender, so content scripts stay small.
 */
export type Sites = z.infer<typeof SitesSchema>;
export type Verb = keyof typeof PROTOCOL;
export type VerbData<V extends Verb> = z.infer<(typeof PROTOCOL)[V]['data']>;

export type SignInOutcome = { ok: true; agentName: string } | { ok: false; code: 'unauthorized' | 'unreachable' | 'not-jetway' | 'invalid'; message: string };

export interface Answers {
  lookupIdentities: { signedIn: boolean; results: BadgeAnswer[] };
  getSession: ContentSession;
  getRecentAnswers: BadgeAnswer[];
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

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

export class MessageRejected extends Error {}

/** On the wire: `{ jetway: verb, data }` → `{ ok: true, value }` or `{ ok: false, error }`. */
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
