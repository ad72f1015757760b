import { z } from 'zod';
import { IdSchema, RefSchema, TimestampSchema } from './common';
import { IdentitySchema } from './identity';

export const LinkSchema = z.object({
  id: IdSchema,
  memberId: IdSchema,
  identity: IdentitySchema,
  createdBy: RefSchema.nullable(),
  createdAt: TimestampSchema,
});
export type Link = z.infer<typeof LinkSchema>;

/** Link a handle to the member whose loyalty number the customer confirmed in private. */
export const LinkCreateSchema = z.object({
  identity: IdentitySchema,
  loyaltyNumber: z.string().trim().regex(/^[A-Z0-9-]{4,32}$/i, 'A loyalty number is 4–32 letters, digits or dashes'),
});
export type LinkCreate = z.infer<typeof LinkCreateSchema>;
