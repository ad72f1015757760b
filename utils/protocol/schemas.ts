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

/**
 * The background's answer to a write: `stored` once it is durably in the outbox (what
 * became of it is asked with `getWriteState`), `refused` when it was not stored, or
 * `unknown` when no answer came (the worker stopped): the sender then asks by the id it made.
 */
export const WriteReceiptSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('stored'), outboxId: z.uuid() }),
  /** `no-team`: nobody to hand off to yet; `signed-out`: a write needs its author; `invalid`: the request broke its verb. */
  z.object({ status: z.literal('refused'), code: z.enum(['no-team', 'signed-out', 'invalid']), message: z.string() }),
  z.object({ status: z.literal('unknown') }),
]);
export type WriteReceipt = z.infer<typeof WriteReceiptSchema>;

/** Where a write stands in the outbox, asked by its id (`absent`: never stored, or dropped). */
export const WriteStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('absent') }),
  z.object({ state: z.literal('queued'), attempted: z.boolean() }),
  z.object({ state: z.enum(['sending', 'sent']) }),
  z.object({ state: z.literal('failed'), status: z.number().int(), conflict: z.boolean(), detail: z.string().nullable() }),
]);
export type WriteState = z.infer<typeof WriteStateSchema>;

/** One unsent write as sign-out lists it: its catalogue label (or an old plain one) and state. */
export const UnsentWriteSchema = z.object({
  id: z.uuid(),
  label: z.union([z.string(), z.object({ key: z.string(), args: z.array(z.string()) })]),
  state: z.enum(['queued', 'sending', 'failed']),
  createdAt: z.number(),
});
export type UnsentWrite = z.infer<typeof UnsentWriteSchema>;

/** Undo's answer; a refusal says why, for the page to put in the agent's words. */
export const UndoReceiptSchema = z.union([
  z.object({ ok: z.literal(true), state: z.enum(['queued', 'sent']) }),
  z.object({ ok: z.literal(false), reason: z.enum(['gone', 'already-saved', 'too-late', 'no-answer']) }),
]);
export type UndoReceipt = z.infer<typeof UndoReceiptSchema>;

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
