import type { Identity, MemberCard, PreferredChannel, Ref, Team, Tier, TranscriptEntry } from '@/utils/contract';
import type { BadgeAnswer, BadgeLookup } from '@/utils/overlay/badges';

/** What a content script knows about the signed-in agent (never the token). */
export interface ContentSession {
  signedIn: boolean;
  agent: Ref | null;
  team: Team | null;
  handoffTargets: Ref[];
  defaultHandoffTeamId: string | null;
  tiers: Tier[];
  sites: { x: boolean; facebook: boolean };
}

/** The background's answer to a write: stored in the outbox (and maybe already sent). */
export type WriteReceipt = { ok: true; outboxId: string; state: 'queued' | 'sent' } | { ok: false; message: string };

export interface HandoffRequest {
  identity: Identity;
  toTeamId?: string;
  reason: string;
  preferredChannel: PreferredChannel | null;
  transcript: TranscriptEntry[];
}

/**
 * The narrow verbs a content script may ask of the background. The overlay features take
 * this as a dependency, so they run in unit tests without a browser.
 */
export interface ContentBridge {
  lookup: BadgeLookup;
  /** Fresh answers the background already holds, to seed a tab that just opened. */
  recentAnswers(): Promise<BadgeAnswer[]>;
  session(): Promise<ContentSession>;
  memberCard(memberId: string): Promise<{ ok: true; card: MemberCard } | { ok: false; message: string }>;
  handOff(request: HandoffRequest): Promise<WriteReceipt>;
  undo(outboxId: string): Promise<WriteReceipt>;
  addNote(caseId: string, text: string): Promise<WriteReceipt>;
  openCase(identity: Identity, subject: string, postUrl: string | null): Promise<WriteReceipt>;
  changeCase(caseId: string, change: { status?: 'open' | 'pending' | 'resolved'; assignee?: 'me' | null; version: number }): Promise<WriteReceipt>;
  link(identity: Identity, loyaltyNumber: string): Promise<WriteReceipt>;
  unlink(linkId: string): Promise<WriteReceipt>;
  reportSiteHealth(postsSeen: number, postsWithHandle: number): Promise<void>;
}
