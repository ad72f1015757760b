import { z } from 'zod';
import { CaseSchema, NoteSchema } from './cases';
import { HandoffSchema } from './handoffs';
import { LinkSchema } from './links';
import { MemberSchema } from './member';

/** Everything the member card shows; read on demand and audited by the server. */
export const MemberCardSchema = z.object({
  member: MemberSchema,
  links: z.array(LinkSchema),
  cases: z.array(CaseSchema),
  notes: z.array(NoteSchema),
  handoffs: z.array(HandoffSchema),
});
export type MemberCard = z.infer<typeof MemberCardSchema>;
