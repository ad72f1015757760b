import { z } from 'zod';
import { IdSchema, RefSchema, TimestampSchema } from './common';
import { IdentitySchema, NetworkSchema } from './identity';
import { MemberSchema } from './member';
import { CaseStatusSchema } from './cases';

export const MAX_LOOKUP_IDENTITIES = 100;

export const LookupRequestSchema = z.object({
  identities: z.array(IdentitySchema).min(1).max(MAX_LOOKUP_IDENTITIES),
});
export type LookupRequest = z.infer<typeof LookupRequestSchema>;

/** Just enough of the open case to show its owner and deadline beside a badge. */
export const OpenCaseSummarySchema = z.object({
  id: IdSchema,
  status: CaseStatusSchema,
  assignee: RefSchema.nullable(),
  assignedAt: TimestampSchema.nullable(),
  openedAt: TimestampSchema,
  firstResponseDueAt: TimestampSchema,
  resolutionDueAt: TimestampSchema,
});
export type OpenCaseSummary = z.infer<typeof OpenCaseSummarySchema>;

export const LookupResultSchema = z.object({
  network: NetworkSchema,
  handle: z.string(),
  member: MemberSchema.nullable(),
  openCase: OpenCaseSummarySchema.nullable(),
});
export type LookupResult = z.infer<typeof LookupResultSchema>;

export const LookupResponseSchema = z.object({ results: z.array(LookupResultSchema) });
export type LookupResponse = z.infer<typeof LookupResponseSchema>;
