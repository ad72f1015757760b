import { z } from 'zod';
import { IdSchema, PreferredChannelSchema, RefSchema, TimestampSchema } from './common';
import { IdentitySchema } from './identity';

/** One message of the conversation handed off: who wrote what, when, and where. */
export const TranscriptEntrySchema = z.object({
  author: z.string().min(1).max(200),
  text: z.string().max(10_000),
  postedAt: TimestampSchema.nullable(),
  url: z.url().max(2048).nullable(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntrySchema>;

export const HandoffStatusSchema = z.enum(['sent', 'accepted', 'resolved', 'cancelled']);
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
  dueAt: TimestampSchema,
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
    reason: z.string().trim().max(1000).default(''),
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

export const HandoffPatchSchema = z.object({
  status: z.enum(['accepted', 'resolved', 'cancelled']),
  version: z.number().int().min(1).optional(),
});
export type HandoffPatch = z.infer<typeof HandoffPatchSchema>;

export const HandoffListSchema = z.object({ handoffs: z.array(HandoffSchema) });
