import { z } from 'zod';
import { IdSchema, LookupResultSchema, RefSchema, TeamSchema, TierSchema } from '@/utils/contract';
import { SITE_IDS, type SiteId } from '@/utils/sites/registry';

/** Which sites Jetway runs on: one switch per site of the registry. */
export const SitesSchema = z.object(Object.fromEntries(SITE_IDS.map((id) => [id, z.boolean()])) as Record<SiteId, z.ZodBoolean>);
export type Sites = z.infer<typeof SitesSchema>;

/** One identity's answer as the background gives it to a content script. */
export const BadgeAnswerSchema = LookupResultSchema.pick({ network: true, handle: true, member: true, openCase: true }).extend({
  key: z.string(),
  tier: TierSchema.nullable(),
});
export type BadgeAnswer = z.infer<typeof BadgeAnswerSchema>;

/** What a content script knows about the signed-in agent (never the token). */
export const ContentSessionSchema = z.object({
  signedIn: z.boolean(),
  /** The server ended the session (revoked, expired): sign in again. */
  sessionEnded: z.boolean().optional(),
  agent: RefSchema.nullable(),
  team: TeamSchema.nullable(),
  handoffTargets: z.array(RefSchema),
  /** The team a one-click handoff goes to, decided by the background. */
  defaultHandoffTeamId: IdSchema.nullable(),
  tiers: z.array(TierSchema),
  sites: SitesSchema,
});
export type ContentSession = z.infer<typeof ContentSessionSchema>;

/** The background's answer to a write: stored in the outbox and sent, still queued, or refused. */
export const WriteReceiptSchema = z.union([
  z.object({ ok: z.literal(true), outboxId: z.uuid(), state: z.enum(['queued', 'sent']) }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type WriteReceipt = z.infer<typeof WriteReceiptSchema>;

export const SignInOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), agentName: z.string() }),
  z.object({ ok: z.literal(false), code: z.enum(['unauthorized', 'unreachable', 'not-jetway', 'invalid']), message: z.string() }),
]);
export type SignInOutcome = z.infer<typeof SignInOutcomeSchema>;

/** The answer to starting a browser sign-in: the server's page is open (or, in Firefox, the sign-in is done). */
export const WebSignInStartSchema = z.union([
  z.object({ ok: z.literal(true), done: z.boolean() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);

/** The answer to finishing a browser sign-in: who is signed in now, or why not. */
export const WebSignInOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), agentName: z.string(), teamName: z.string() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type WebSignInOutcome = z.infer<typeof WebSignInOutcomeSchema>;
