import type { Case, Handoff, Link, Member, Note, OpenCaseSummary, PreferredChannel, TranscriptEntry } from '../../utils/contract';
import { maskLoyaltyNumber } from '../../utils/contract';

/** A timestamp column as the contract's ISO text (`null` stays `null`). */
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoRequired(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** Member columns; the loyalty number is only ever read to be masked. */
export const MEMBER_COLUMNS = `m.id AS member_id, m.name AS member_name, m.tier_id, m.tier_since::text AS tier_since,
  m.loyalty_number, m.home_airport, m.preferred_channel, m.language`;

export interface MemberRow {
  member_id: string;
  member_name: string;
  tier_id: string;
  tier_since: string;
  loyalty_number: string;
  home_airport: string | null;
  preferred_channel: string;
  language: string;
}

export function memberFrom(row: MemberRow): Member {
  return {
    id: row.member_id,
    displayName: row.member_name,
    tierId: row.tier_id,
    tierSince: row.tier_since,
    loyaltyNumberMasked: maskLoyaltyNumber(row.loyalty_number),
    homeAirport: row.home_airport,
    preferredChannel: row.preferred_channel as PreferredChannel,
    language: row.language,
  };
}

export const CASE_SELECT = `SELECT c.*, t.name AS team_name, a.name AS assignee_name
  FROM cases c JOIN teams t ON t.id = c.team_id LEFT JOIN agents a ON a.id = c.assignee_id`;

export interface CaseRow {
  id: string;
  team_id: string;
  team_name: string;
  network: 'x' | 'facebook';
  handle: string;
  member_id: string | null;
  subject: string;
  post_url: string | null;
  status: Case['status'];
  assignee_id: string | null;
  assignee_name: string | null;
  assigned_at: Date | null;
  opened_at: Date;
  first_response_due_at: Date;
  first_responded_at: Date | null;
  resolution_due_at: Date;
  resolved_at: Date | null;
  updated_at: Date;
  version: number;
}

/** The columns of a case that its summary shows (timestamps as ISO text when they come from JSON). */
export type OpenCaseRow = Pick<CaseRow, 'id' | 'status' | 'assignee_id' | 'assignee_name'> & {
  assigned_at: Date | string | null;
  opened_at: Date | string;
  first_response_due_at: Date | string;
  resolution_due_at: Date | string;
};

function assigneeFrom(row: Pick<CaseRow, 'assignee_id' | 'assignee_name'>): Case['assignee'] {
  return row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null;
}

export function caseFrom(row: CaseRow): Case {
  return {
    id: row.id,
    team: { id: row.team_id, name: row.team_name },
    identity: { network: row.network, handle: row.handle },
    memberId: row.member_id,
    subject: row.subject,
    postUrl: row.post_url,
    status: row.status,
    assignee: assigneeFrom(row),
    assignedAt: iso(row.assigned_at),
    openedAt: isoRequired(row.opened_at),
    firstResponseDueAt: isoRequired(row.first_response_due_at),
    firstRespondedAt: iso(row.first_responded_at),
    resolutionDueAt: isoRequired(row.resolution_due_at),
    resolvedAt: iso(row.resolved_at),
    updatedAt: isoRequired(row.updated_at),
    version: row.version,
  };
}

export function openCaseSummaryFrom(row: OpenCaseRow): OpenCaseSummary {
  return {
    id: row.id,
    status: row.status,
    assignee: assigneeFrom(row),
    assignedAt: iso(row.assigned_at),
    openedAt: isoRequired(row.opened_at),
    firstResponseDueAt: isoRequired(row.first_response_due_at),
    resolutionDueAt: isoRequired(row.resolution_due_at),
  };
}

export const NOTE_SELECT = `SELECT n.id, n.case_id, n.author_id, a.name AS author_name, n.text, n.created_at
  FROM notes n JOIN agents a ON a.id = n.author_id`;

export interface NoteRow {
  id: string;
  case_id: string;
  author_id: string;
  author_name: string;
  text: string;
  created_at: Date;
}

export function noteFrom(row: NoteRow): Note {
  return {
    id: row.id,
    caseId: row.case_id,
    author: { id: row.author_id, name: row.author_name },
    text: row.text,
    createdAt: isoRequired(row.created_at),
  };
}

export const HANDOFF_SELECT = `SELECT h.*, c.network, c.handle, ft.name AS from_team_name, tt.name AS to_team_name,
    a.name AS created_by_name
  FROM handoffs h JOIN cases c ON c.id = h.case_id JOIN teams ft ON ft.id = h.from_team_id
  JOIN teams tt ON tt.id = h.to_team_id JOIN agents a ON a.id = h.created_by`;

export interface HandoffRow {
  id: string;
  case_id: string;
  network: 'x' | 'facebook';
  handle: string;
  from_team_id: string;
  from_team_name: string;
  to_team_id: string;
  to_team_name: string;
  created_by: string;
  created_by_name: string;
  reason: string;
  preferred_channel: string | null;
  transcript: TranscriptEntry[] | string;
  status: Handoff['status'];
  due_at: Date;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export function handoffFrom(row: HandoffRow): Handoff {
  return {
    id: row.id,
    caseId: row.case_id,
    identity: { network: row.network, handle: row.handle },
    fromTeam: { id: row.from_team_id, name: row.from_team_name },
    toTeam: { id: row.to_team_id, name: row.to_team_name },
    createdBy: { id: row.created_by, name: row.created_by_name },
    reason: row.reason,
    preferredChannel: row.preferred_channel as PreferredChannel | null,
    transcript: typeof row.transcript === 'string' ? (JSON.parse(row.transcript) as TranscriptEntry[]) : row.transcript,
    status: row.status,
    dueAt: isoRequired(row.due_at),
    createdAt: isoRequired(row.created_at),
    updatedAt: isoRequired(row.updated_at),
    version: row.version,
  };
}

export const LINK_SELECT = `SELECT i.id, i.member_id, i.network, i.handle, i.created_by, a.name AS created_by_name, i.created_at
  FROM member_identities i LEFT JOIN agents a ON a.id = i.created_by`;

export interface LinkRow {
  id: string;
  member_id: string;
  network: 'x' | 'facebook';
  handle: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
}

export function linkFrom(row: LinkRow): Link {
  return {
    id: row.id,
    memberId: row.member_id,
    identity: { network: row.network, handle: row.handle },
    createdBy: row.created_by ? { id: row.created_by, name: row.created_by_name ?? '' } : null,
    createdAt: isoRequired(row.created_at),
  };
}
