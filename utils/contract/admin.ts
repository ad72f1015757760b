import { z } from 'zod';
import { TimestampSchema } from './common';
import { MaskedLoyaltyNumberSchema } from './member';
import { RoleSchema } from './roles';
import { TierSchema } from './tiers';

/** Where the admin API lives; every route under it passes the `adminAuth` gate. */
export const ADMIN_PREFIX = '/admin/v1';
export const MEMBER_IMPORT_PATH = `${ADMIN_PREFIX}/members/import`;

/** The import's request body types: CSV with a header row, or JSON Lines. */
export const IMPORT_CSV_TYPE = 'text/csv';
export const IMPORT_JSONL_TYPE = 'application/x-ndjson';
/** An import file may be this large (a million members is some 80 MB of CSV). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/** A progress line of `POST /admin/v1/members/import`: valid rows stored (committed) so far of `total`. */
export const ImportProgressLineSchema = z.object({ done: z.number().int().min(0), total: z.number().int().min(0) });

/** The columns of a member file, as the import reads them (CSV header or JSON Lines keys). */
export const IMPORT_FIELDS = ['loyaltyNumber', 'name', 'tier', 'xHandle', 'facebookId', 'homeAirport', 'preferredChannel', 'language'] as const;

/** Why the import did not take a row, as a machine code the Console words in its own language. */
export const IMPORT_REJECTION_CODES = ['field', 'not_a_record', 'unknown_tier', 'repeated', 'invalid_json', 'header', 'field_count', 'handle_taken'] as const;
export const ImportRejectionCodeSchema = z.enum(IMPORT_REJECTION_CODES);
export type ImportRejectionCode = z.infer<typeof ImportRejectionCodeSchema>;

/**
 * A row the import did not take (or took without a handle), by its line in the file:
 * `message` in English for the command line and logs, `code` and `params` for the Console
 * (`field`: `params.fields`, the columns at fault, comma-separated).
 */
export const ImportRejectionSchema = z.object({
  line: z.number().int().min(1),
  message: z.string(),
  code: ImportRejectionCodeSchema,
  params: z.record(z.string(), z.string()),
});
export type ImportRejection = z.infer<typeof ImportRejectionSchema>;

/** The last line of a finished import. */
export const ImportResultLineSchema = z.object({
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  rejected: z.array(ImportRejectionSchema),
});

/**
 * The last line of an import that failed after the answer began. Rows are committed batch
 * by batch, so `stored` rows are in (and stay); sending the file again finishes the import,
 * updating those rows rather than doubling them.
 */
export const ImportErrorLineSchema = z.object({ error: z.string(), stored: z.number().int().min(0).optional() });

/** One line of the import's NDJSON answer. */
export const ImportLineSchema = z.union([ImportResultLineSchema, ImportProgressLineSchema, ImportErrorLineSchema]);
export type ImportLine = z.infer<typeof ImportLineSchema>;
export type ImportResultLine = z.infer<typeof ImportResultLineSchema>;

/** `POST /admin/v1/agents`: a new agent (and team), optionally with a Console account. */
export const NewAgentSchema = z.object({
  name: z.string().trim().min(1).max(200),
  team: z.string().trim().min(1).max(200),
  email: z.string().max(320).optional(),
  role: RoleSchema.optional(),
  /** 12+ characters; stored only as a scrypt hash. */
  password: z.string().max(1024).optional(),
  /** Instead of `password`: the server makes one up and answers it this once (the account needs an email). */
  issuePassword: z.boolean().optional(),
});

/** The new agent's token: shown once, stored only hashed. */
export const CreatedAgentSchema = z.object({
  agentId: z.uuid(),
  teamId: z.uuid(),
  token: z.string(),
  /** The password the server made up (`issuePassword`): shown this once, stored only hashed. */
  password: z.string().optional(),
});

export const AgentListingSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  team: z.string(),
  email: z.string().nullable(),
  role: RoleSchema,
  disabled: z.boolean(),
  teamId: z.uuid(),
  /** The last sign-in to the Console or through the browser sign-in; null when never (or not since it was recorded). */
  lastSignInAt: TimestampSchema.nullable(),
  /** Whether the account can sign in with a password (the admin never sees the password itself). */
  hasPassword: z.boolean(),
});
export type AgentListing = z.infer<typeof AgentListingSchema>;
export const AgentListSchema = z.object({ agents: z.array(AgentListingSchema) });

/** `POST /admin/v1/agents/revoke`: the agent with this Console email. */
export const RevokeAgentSchema = z.object({ email: z.string().min(3).max(320) });
export const RevokedAgentSchema = z.object({ agentId: z.uuid(), name: z.string(), sessionsEnded: z.number().int().min(0) });

/** `POST /admin/v1/backup`: the backup, streamed (PGlite: gzipped tar of the data dir; PostgreSQL: pg_dump custom format). */
export const BACKUP_PATH = `${ADMIN_PREFIX}/backup`;

/** `/admin/v1/agents/{id}/…`: the agent. */
export const AgentIdParamSchema = z.object({ id: z.uuid() });
/** `POST /admin/v1/agents/{id}/password`: the new password, shown this once, stored only hashed. */
export const AgentPasswordSchema = z.object({ agentId: z.uuid(), password: z.string() });

/**
 * `PUT /admin/v1/tiers`: every tier of the catalogue, lowest to highest (their order sets
 * the rank), with its name, badge label and colour. Tier ids stay: member files and the
 * members table name tiers by id.
 */
export const TiersChangeSchema = z.object({
  tiers: z
    .array(TierSchema.omit({ rank: true }))
    .min(1)
    .max(50),
});
export type TiersChange = z.infer<typeof TiersChangeSchema>;
export const TierListSchema = z.object({ tiers: z.array(TierSchema) });

/** `POST /admin/v1/members/erase`: the member with this loyalty number (GDPR article 17). */
export const MEMBER_ERASE_PATH = `${ADMIN_PREFIX}/members/erase`;
export const EraseMemberSchema = z.object({ loyaltyNumber: z.string().trim().min(1).max(64) });
/** What an erasure did: the member is now the anonymous tombstone; the counts are of what was blanked. */
export const ErasureSchema = z.object({
  memberId: z.uuid(),
  /** The random id that replaced the loyalty number. */
  tombstone: z.string(),
  handles: z.number().int().min(0),
  cases: z.number().int().min(0),
  handoffs: z.number().int().min(0),
  notes: z.number().int().min(0),
});
export type Erasure = z.infer<typeof ErasureSchema>;

/** `GET /admin/v1/members?q=`: members by loyalty number or handle (the admin's own tools; audited). */
export const MEMBER_SEARCH_PATH = `${ADMIN_PREFIX}/members`;
export const MemberSearchQuerySchema = z.object({ q: z.string().trim().min(1).max(64) });
export const MemberListingSchema = z.object({
  id: z.uuid(),
  /** In full: the admin erases by it. Screens show `loyaltyNumberMasked`. */
  loyaltyNumber: z.string(),
  loyaltyNumberMasked: MaskedLoyaltyNumberSchema,
  name: z.string(),
  tierId: z.string(),
  homeAirport: z.string().nullable(),
  handles: z.array(z.object({ network: z.enum(['x', 'facebook']), handle: z.string() })),
});
export type MemberListing = z.infer<typeof MemberListingSchema>;
export const MemberSearchSchema = z.object({ members: z.array(MemberListingSchema) });
