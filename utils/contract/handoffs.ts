import { z } from 'zod';
import { IdSchema, PreferredChannelSchema, RefSchema, TimestampSchema } from './common';
import { IdentitySchema } from './identity';
import { MemberSchema } from './member';
import { SitePageUrlSchema } from './site-url';
import { safeText } from './text';

/** One message of the conversation handed off: who wrote what, when, and where. */
export const TranscriptEntrySchema = z.object({
  author: safeText().min(1).max(200),
  text: safeText().max(10_000),
  postedAt: TimestampSchema.nullable(),
  /** The message's page; only ever a supported site's (`SitePageUrlSchema`). */
  url: SitePageUrlSchema.nullable(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntrySchema>;

/**
 * `sent` → `accepted` → `resolved`; the receiving team may instead send it back (the case
 * reopens for the sender) or reassign it (it is `sent` again, to the new team); the
 * sending team may cancel it (Undo) while it is still `sent`.
 */
export const HandoffStatusSchema = z.enum(['sent', 'accepted', 'resolved', 'sent_back', 'cancelled']);
export type HandoffStatus = z.infer<typeof HandoffStatusSchema>;

export const HandoffSchema = z.object({
  id: IdSchema,
  caseId: IdSchema,
  identity: IdentitySchema,
  fromTeam: RefSchema,
  toTeam: RefSchema,
  createdBy: RefSchema,
  reason: z.string(),
  preferredChannel: PreferredChannelSchema.nullable(),
  transcript: z.array(TranscriptEntrySchema),
  status: HandoffStatusSchema,
  /** First response due (the receiving team's first-response minutes after it arrived). */
  firstResponseDueAt: TimestampSchema,
  /** Resolution due: the receiving team's sundown. */
  dueAt: TimestampSchema,
  acceptedBy: RefSchema.nullable(),
  acceptedAt: TimestampSchema.nullable(),
  resolvedBy: RefSchema.nullable(),
  resolvedAt: TimestampSchema.nullable(),
  /** The receiving team's outcome note (resolve) or reason (send back / reassign), latest. */
  outcome: z.string().nullable(),
  sentBackReason: z.string().nullable(),
  /** Every change, oldest first: who, which team, when, and the note that came with it. */
  history: z.array(z.lazy(() => HandoffEventSchema)),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  version: z.number().int().min(1),
});
export type Handoff = z.infer<typeof HandoffSchema>;

export const HandoffCreateSchema = z
  .object({
    caseId: IdSchema.optional(),
    identity: IdentitySchema.optional(),
    toTeamId: IdSchema,
    reason: safeText().trim().max(1000).default(''),
    /**
     * Deprecated and ignored: the server takes the preferred channel from the customer's
     * member record. Still accepted so that older extensions keep working.
     */
    preferredChannel: PreferredChannelSchema.nullable().optional().meta({
      deprecated: true,
      description: "Deprecated and ignored: the server uses the member's own preferred channel.",
    }),
    transcript: z.array(TranscriptEntrySchema).min(1).max(200),
  })
  .refine((body) => body.caseId !== undefined || body.identity !== undefined, {
    message: 'Give the case (caseId) or the customer (identity) being handed off',
    path: ['caseId'],
  });
export type HandoffCreate = z.infer<typeof HandoffCreateSchema>;

export const HandoffActionNameSchema = z.enum(['created', 'accepted', 'resolved', 'sent_back', 'reassigned', 'cancelled']);
export type HandoffActionName = z.infer<typeof HandoffActionNameSchema>;

export const HandoffEventSchema = z.object({
  action: HandoffActionNameSchema,
  by: RefSchema,
  team: RefSchema,
  at: TimestampSchema,
  /** Outcome (resolved), reason (sent back, reassigned, created). */
  note: z.string().nullable(),
  /** Reassigned: the team it went to. */
  toTeam: RefSchema.nullable(),
});
export type HandoffEvent = z.infer<typeof HandoffEventSchema>;

const VersionSchema = z.number().int().min(1);
const ReasonSchema = safeText().trim().min(1, 'Say why').max(1000);

/**
 * `PATCH /v1/handoffs/{id}`. The receiving team accepts, resolves (with an outcome note),
 * sends back (with a reason; the case reopens for the sender) or reassigns (to another
 * team, with a reason); the sending team cancels (Undo). `version` guards against a stale
 * change (409 "someone else changed this"). The older `{ status }` form stays accepted
 * for `accepted` and `cancelled`.
 */
export const HandoffActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), version: VersionSchema }),
  z.object({ action: z.literal('resolve'), version: VersionSchema, outcome: safeText().trim().min(1, 'Write the outcome').max(4000) }),
  z.object({ action: z.literal('send_back'), version: VersionSchema, reason: ReasonSchema }),
  z.object({ action: z.literal('reassign'), version: VersionSchema, toTeamId: IdSchema, reason: ReasonSchema }),
  z.object({ action: z.literal('cancel'), version: VersionSchema.optional() }),
]);
export type HandoffAction = z.infer<typeof HandoffActionSchema>;

export const HandoffPatchSchema = z.union([
  HandoffActionSchema,
  z.object({ status: z.enum(['accepted', 'resolved', 'cancelled']), version: VersionSchema.optional() }),
]);
export type HandoffPatch = z.infer<typeof HandoffPatchSchema>;

export const HandoffListSchema = z.object({ handoffs: z.array(HandoffSchema) });

/** The customer as the inbox shows them (no loyalty number; the card is on the handoff's page). */
export const HandoffCustomerSchema = z.object({ memberId: IdSchema, displayName: z.string(), tierId: z.string() });

/** One inbox row: everything but the transcript, which is read (and audited) on the handoff's page. */
export const HandoffSummarySchema = HandoffSchema.omit({ transcript: true, history: true }).extend({
  customer: HandoffCustomerSchema.nullable(),
  /** The first words of the transcript's first message. */
  snippet: z.string().max(200),
  messageCount: z.number().int().min(0),
});
export type HandoffSummary = z.infer<typeof HandoffSummarySchema>;

/** `GET /v1/handoffs/inbox` filters; keyset pagination by (due, id) through `cursor`. */
export const InboxQuerySchema = z.object({
  /** `open`: sent or accepted. */
  status: z.enum(['open', 'sent', 'accepted', 'resolved', 'sent_back', 'cancelled', 'all']).default('open'),
  tier: safeText().max(32).optional(),
  fromTeamId: IdSchema.optional(),
  /** Only handoffs older than this many minutes. */
  olderThanMinutes: z.coerce.number().int().min(0).max(525_600).optional(),
  /** Matches the customer's handle or name. */
  q: safeText().trim().max(100).optional(),
  cursor: safeText().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type InboxQuery = z.infer<typeof InboxQuerySchema>;

export const InboxPageSchema = z.object({
  handoffs: z.array(HandoffSummarySchema),
  /** Counts per status over the team's whole inbox (filters other than status applied). */
  counts: z.record(HandoffStatusSchema, z.number().int().min(0)),
  nextCursor: z.string().nullable(),
});
export type InboxPage = z.infer<typeof InboxPageSchema>;

/** `GET /v1/handoffs/{id}`: the whole handoff and the customer's member record (audited read). */
export const HandoffDetailSchema = z.object({
  handoff: HandoffSchema,
  member: MemberSchema.nullable(),
});
export type HandoffDetail = z.infer<typeof HandoffDetailSchema>;
