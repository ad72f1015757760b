import { z } from 'zod';
import {
  CaseCreateSchema,
  CasePatchSchema,
  HandoffCreateSchema,
  IdentitySchema,
  IdSchema,
  LinkCreateSchema,
  LinkSchema,
  MAX_LOOKUP_IDENTITIES,
  MemberCardSchema,
  MemberSchema,
  NoteCreateSchema,
} from '@/utils/contract';
import { t } from '@/utils/i18n';
import { defineVerb, type Unanswered } from './define';
import {
  BadgeAnswerSchema,
  ContentSessionSchema,
  SignInOutcomeSchema,
  SitesSchema,
  UndoReceiptSchema,
  UnsentWriteSchema,
  WebSignInOutcomeSchema,
  WebSignInStartSchema,
  WriteReceiptSchema,
  WriteStateSchema,
  type WriteReceipt,
} from './schemas';

/**
 * Every message verb, declared once: who may send it, its request (built from the API
 * contract's schemas, so the outbox never queues what the server refuses) and its answer.
 * The sender (`utils/messaging.ts`), the content script's bridge and the handlers' types
 * are derived from these tables; the background checks the sender, then `data`, before
 * any handler runs. Verb-first names, one `data` object, plain answers.
 */

const nothing = z.undefined();
const done = z.void();
const OutboxIdSchema = z.object({ outboxId: z.uuid() });

/**
 * A write the background refused was not stored; one that got no answer may or may not
 * have been (the worker can stop after storing it): the sender asks by its id.
 */
function writeUnanswered(reason: Unanswered): WriteReceipt {
  return reason.refused ? { status: 'refused', code: 'invalid', message: reason.message } : { status: 'unknown' };
}

/** Every write carries the id made where the agent clicked: its outbox id and Idempotency-Key. */
const WriteIdSchema = z.object({ writeId: z.uuid() });
const write = <Data extends z.ZodType>(data: Data) =>
  defineVerb({ from: 'any', data: z.intersection(data, WriteIdSchema), answer: WriteReceiptSchema, unanswered: writeUnanswered });

/** Content scripts (and pages) → background. Content scripts get narrow verbs only, never a generic fetch. */
export const VERBS = {
  lookupIdentities: defineVerb({
    from: 'any',
    // Up to five API batches per message; the background splits them.
    data: z.object({ identities: z.array(IdentitySchema).min(1).max(MAX_LOOKUP_IDENTITIES * 5) }),
    answer: z.object({ signedIn: z.boolean(), results: z.array(BadgeAnswerSchema) }),
  }),
  getSession: defineVerb({ from: 'any', data: nothing, answer: ContentSessionSchema }),
  getRecentAnswers: defineVerb({ from: 'content', data: nothing, answer: z.array(BadgeAnswerSchema) }),
  getMemberCard: defineVerb({
    from: 'any',
    data: z.object({ memberId: MemberSchema.shape.id }),
    answer: z.union([z.object({ ok: z.literal(true), card: MemberCardSchema }), z.object({ ok: z.literal(false), message: z.string() })]),
    // The reason is the protocol's (English, for the log): the card says it in the agent's language.
    unanswered: () => ({ ok: false as const, message: t('cardNoAnswer') }),
  }),
  /** The team is the agent's default unless named; the server picks the customer's preferred channel. */
  enqueueHandoff: write(
    z.object({
      identity: IdentitySchema,
      caseId: HandoffCreateSchema.shape.caseId,
      toTeamId: HandoffCreateSchema.shape.toTeamId.optional(),
      reason: HandoffCreateSchema.shape.reason,
      transcript: HandoffCreateSchema.shape.transcript,
    }),
  ),
  undoWrite: defineVerb({
    from: 'any',
    data: OutboxIdSchema,
    answer: UndoReceiptSchema,
    unanswered: () => ({ ok: false as const, reason: 'no-answer' as const }),
  }),
  /** Where a write stands, by the id its sender made; waits up to `waitMs` for its first attempt. */
  getWriteState: defineVerb({
    from: 'any',
    data: OutboxIdSchema.extend({ waitMs: z.number().int().min(0).max(5_000).default(0) }),
    answer: WriteStateSchema,
  }),
  enqueueNote: write(z.object({ caseId: IdSchema, ...NoteCreateSchema.shape })),
  enqueueCaseOpen: write(CaseCreateSchema),
  enqueueCaseChange: write(CasePatchSchema.safeExtend({ caseId: IdSchema })),
  enqueueLink: write(LinkCreateSchema),
  /** The link's identity comes along, so the background knows whose cached answer changes. */
  enqueueUnlink: write(z.object({ linkId: LinkSchema.shape.id, identity: LinkSchema.shape.identity })),
  /**
   * Open tabs and the popup ask this every few seconds while the server cannot be reached,
   * so its return is noticed at once (the worker may sleep otherwise); cheap when it can.
   */
  checkServer: defineVerb({ from: 'any', data: nothing, answer: z.object({ reachable: z.boolean() }) }),
  reportSiteHealth: defineVerb({
    from: 'content',
    data: z.object({ postsSeen: z.number().int().min(0).max(1e6), postsWithHandle: z.number().int().min(0).max(1e6) }),
    answer: done,
  }),

  // Extension pages (popup, options) only.
  signIn: defineVerb({ from: 'page', data: z.object({ serverUrl: z.url(), token: z.string().trim().min(10).max(500) }), answer: SignInOutcomeSchema }),
  /** Sign in with Jetway: the background keeps the PKCE verifier and state and opens the server's page. */
  startWebSignIn: defineVerb({ from: 'page', data: z.object({ serverUrl: z.url() }), answer: WebSignInStartSchema }),
  /** signed-in.html hands over what the server sent back; only the background sees the tokens. */
  completeWebSignIn: defineVerb({
    from: 'page',
    data: z.object({ code: z.string().min(1).max(2000), state: z.string().min(1).max(200) }),
    answer: WebSignInOutcomeSchema,
  }),
  /** Sign-out decides what becomes of the agent's unsent writes: send now if possible, keep for them, or discard. */
  signOut: defineVerb({ from: 'page', data: z.object({ unsent: z.enum(['send', 'keep', 'discard']).default('keep') }).optional(), answer: done }),
  /** The signed-in agent's writes not sent yet, for sign-out to show. */
  getUnsentWrites: defineVerb({ from: 'page', data: nothing, answer: z.array(UnsentWriteSchema) }),
  retryWrite: defineVerb({ from: 'page', data: OutboxIdSchema, answer: done }),
  discardWrite: defineVerb({ from: 'page', data: OutboxIdSchema, answer: done }),
  clearCachedData: defineVerb({ from: 'page', data: nothing, answer: done }),
  saveSettings: defineVerb({
    from: 'page',
    data: z.object({ sites: SitesSchema.optional(), defaultHandoffTeamId: IdSchema.nullable().optional() }),
    answer: done,
  }),
  syncNow: defineVerb({ from: 'page', data: nothing, answer: done }),
};

/** Background → one tab's content script. Only the background sends these. */
export const TAB_VERBS = {
  /** The keyboard command: hand off the post that has focus; answers whether there was one. */
  handOffFocusedPost: defineVerb({ from: 'any', data: nothing, answer: z.boolean() }),
  /** The server answers again: ask for the badges still waiting. */
  lookupRecovered: defineVerb({ from: 'any', data: nothing, answer: done }),
  /** The server cannot be reached: ask `checkServer` every few seconds until it answers. */
  watchServer: defineVerb({ from: 'any', data: nothing, answer: done }),
};

export type Verbs = typeof VERBS;
export type Verb = keyof Verbs;
export type TabVerbs = typeof TAB_VERBS;
export type TabVerb = keyof TabVerbs;
