import { z } from 'zod';
import {
  CaseStatusSchema, IdentitySchema, IdSchema, MAX_LOOKUP_IDENTITIES, PreferredChannelSchema, TranscriptEntrySchema,
} from '@/utils/contract';

/** Which sites Jetway runs on. (Here, not in storage.ts: content scripts must not load storage items.) */
export const SitesSchema = z.object({ x: z.boolean(), facebook: z.boolean() });
export type Sites = z.infer<typeof SitesSchema>;

/**
 * The schemas of the message protocol (`utils/messaging.ts`) between content scripts, extension pages and the background.
 * Verb-first names, one `data` object, plain answers. Each verb declares who may send it
 * and the schema its data must match; the background checks both before any handler runs.
 */
export const PROTOCOL = {
  // Content-script verbs: narrow, never a generic fetch.
  lookupIdentities: { from: 'any', data: z.object({ identities: z.array(IdentitySchema).min(1).max(MAX_LOOKUP_IDENTITIES * 5) }) },
  getSession: { from: 'any', data: z.undefined() },
  getRecentAnswers: { from: 'content', data: z.undefined() },
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

/** On the wire: `{ jetway: verb, data }`. */
export const EnvelopeSchema = z.object({ jetway: z.string(), data: z.unknown().optional() });
