import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';
import { RoleSchema } from './roles';

/**
 * Every kind of entry the audit log holds: reads of member data (lookups, cards,
 * transcripts) and changes (links, and what admins do to agents, tiers and teams).
 */
export const AUDIT_ACTIONS = [
  'member.lookup',
  'member.card.read',
  'handoff.transcript.read',
  'link.create',
  'link.delete',
  'link.failed',
  'member.admin.read',
  'member.erase',
  'agent.create',
  'agent.deactivate',
  'agent.sign_out_everywhere',
  'agent.password_reset',
  'tiers.change',
  'team.change',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

/** The most entries one page of `GET /v1/audit` holds. */
export const AUDIT_PAGE_MAX = 1000;

/** `GET /v1/audit`: the filters (all optional, combined) and the page after `after`. */
export const AuditQuerySchema = z.object({
  agent: IdSchema.optional(),
  /** The member's loyalty number, whatever its case. */
  member: z.string().trim().min(1).max(64).optional(),
  action: AuditActionSchema.optional(),
  /** Entries at or after this instant… */
  from: TimestampSchema.optional(),
  /** …and before this one. */
  to: TimestampSchema.optional(),
  /** The `next` of the page before. */
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: TimestampSchema,
  action: z.string(),
  /** Who read or changed: null for the admin key (the CLI, automation). */
  agent: z.object({ id: IdSchema, name: z.string(), email: z.string().nullable() }).nullable(),
  team: z.string().nullable(),
  /** Whose data, when a member's: never the full loyalty number. */
  member: z.object({ id: IdSchema, name: z.string(), loyaltyNumberMasked: z.string() }).nullable(),
  identity: z.object({ network: z.string(), handle: z.string() }).nullable(),
  /** What else the entry records (e.g. the agent an admin deactivated, the tiers changed). */
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Newest first; `next` asks for the page after this one (null on the last). */
export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema), next: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** `GET /v1/audit/agents`: whom the caller may filter by (a lead: their team; an admin: everyone). */
export const AuditAgentsSchema = z.object({
  agents: z.array(z.object({ id: IdSchema, name: z.string(), team: z.string(), role: RoleSchema })),
});
