import { z } from 'zod';
import { IdSchema, RefSchema, TimestampSchema } from './common';
import { IdentitySchema } from './identity';
import { SitePageUrlSchema } from './site-url';
import { safeText } from './text';

export const CaseStatusSchema = z.enum(['open', 'pending', 'resolved']);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const CaseSchema = z.object({
  id: IdSchema,
  team: RefSchema,
  identity: IdentitySchema,
  memberId: IdSchema.nullable(),
  subject: z.string().max(500),
  /** The post the case came from; only ever a supported site's page (`SitePageUrlSchema`). */
  postUrl: SitePageUrlSchema.nullable(),
  status: CaseStatusSchema,
  assignee: RefSchema.nullable(),
  /** When the current assignee took the case. */
  assignedAt: TimestampSchema.nullable(),
  openedAt: TimestampSchema,
  firstResponseDueAt: TimestampSchema,
  firstRespondedAt: TimestampSchema.nullable(),
  resolutionDueAt: TimestampSchema,
  resolvedAt: TimestampSchema.nullable(),
  updatedAt: TimestampSchema,
  /** Optimistic-concurrency version; send it back on PATCH. */
  version: z.number().int().min(1),
});
export type Case = z.infer<typeof CaseSchema>;

export const CaseCreateSchema = z.object({
  identity: IdentitySchema,
  subject: safeText().trim().min(1).max(500),
  postUrl: SitePageUrlSchema.nullable().optional(),
});
export type CaseCreate = z.infer<typeof CaseCreateSchema>;

export const CasePatchSchema = z
  .object({
    status: CaseStatusSchema.optional(),
    /** `me` takes the case; `null` releases it. */
    assignee: z.union([z.literal('me'), z.null()]).optional(),
    /** Marks the first response as sent. */
    firstResponded: z.literal(true).optional(),
    version: z.number().int().min(1),
  })
  .refine((patch) => patch.status !== undefined || patch.assignee !== undefined || patch.firstResponded, {
    message: 'Nothing to change: give status, assignee or firstResponded',
  });
export type CasePatch = z.infer<typeof CasePatchSchema>;

export const CaseListSchema = z.object({ cases: z.array(CaseSchema) });

export const NoteSchema = z.object({
  id: IdSchema,
  caseId: IdSchema,
  author: RefSchema,
  text: z.string(),
  createdAt: TimestampSchema,
});
export type Note = z.infer<typeof NoteSchema>;

export const NoteCreateSchema = z.object({ text: safeText().trim().min(1).max(4000) });
export type NoteCreate = z.infer<typeof NoteCreateSchema>;
