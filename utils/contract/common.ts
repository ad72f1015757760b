import { z } from 'zod';

export const IdSchema = z.uuid();
export const TimestampSchema = z.iso.datetime({ offset: true });
export const TierIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'A tier id is lower-case letters, digits, _ or -');

/** A reference to a person or team by id and display name. */
export const RefSchema = z.object({ id: IdSchema, name: z.string() });
export type Ref = z.infer<typeof RefSchema>;

export const PreferredChannelSchema = z.enum(['x_dm', 'facebook_messenger', 'email', 'phone', 'sms']);
export type PreferredChannel = z.infer<typeof PreferredChannelSchema>;

/** RFC 9457 problem details, with per-field errors for validation failures. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
