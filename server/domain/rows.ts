import type { Case, Handoff, HandoffEvent, HandoffSummary, Link, Member, Note, OpenCaseSummary, PreferredChannel, TranscriptEntry } from '../../utils/contract';
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

/*
 * Names of teams and agents come from scalar subqueries rather than joins: the planner then
 * plans a join of two tables instead of seven, which on the embedded database cost more
 * than running the query.
 */
const HANDOFF_COLUMNS = `h.id, h.case_id, c.network, c.handle, h.from_team_id, (SELECT name FROM teams WHERE id = h.from_team_id) AS from_team_name,
    h.to_team_id, (SELECT name FROM teams WHERE id = h.to_team_id) AS to_team_name,
    h.created_by, (SELECT name FROM agents WHERE id = h.created_by) AS created_by_name, h.reason, h.preferred_channel, h.status,
    h.first_response_due_at, h.due_at, h.accepted_by, (SELECT name FROM agents WHERE id = h.accepted_by) AS accepted_by_name, h.accepted_at,
    h.resolved_by, (SELECT name FROM agents WHERE id = h.resolved_by) AS resolved_by_name, h.resolved_at, h.outcome, h.sent_back_reason,
    h.arrived_at, h.created_at, h.updated_at, h.version`;

/** A handoff and its case (`c`), whose customer handle it shows. */
export const HANDOFF_FROM = 'FROM handoffs h JOIN cases c ON c.id = h.case_id';

export const HANDOFF_SELECT = `SELECT ${HANDOFF_COLUMNS}, h.transcript ${HANDOFF_FROM}`;

/** The customer's member: the one the case names, else the one its handle is linked to (`m`); none once erased. */
export const CUSTOMER_JOIN = `LEFT JOIN member_identities i ON i.network = c.network AND i.handle = c.handle
  LEFT JOIN members m ON m.id = coalesce(c.member_id, i.member_id) AND m.erased_at IS NULL`;

/**
 * Inbox rows for the handoffs a subquery `page` picks (with its order and limit): no
 * transcript, but its first words, its length and the customer's member.
 */
export function handoffSummariesOf(page: string): string {
  return `SELECT ${HANDOFF_COLUMNS}, h.inbox_due_at,
    left(coalesce(h.transcript -> 0 ->> 'text', ''), 200) AS snippet, jsonb_array_length(h.transcript) AS message_count,
    m.id AS customer_id, m.name AS customer_name, m.tier_id AS customer_tier
  FROM (${page}) h JOIN cases c ON c.id = h.case_id
  ${CUSTOMER_JOIN}
  ORDER BY h.inbox_due_at, h.id`;
}

interface HandoffColumns {
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
  status: Handoff['status'];
  first_response_due_at: Date;
  due_at: Date;
  accepted_by: string | null;
  accepted_by_name: string | null;
  accepted_at: Date | null;
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolved_at: Date | null;
  outcome: string | null;
  sent_back_reason: string | null;
  arrived_at: Date;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface HandoffRow extends HandoffColumns {
  transcript: TranscriptEntry[] | string;
}

export interface HandoffSummaryRow extends HandoffColumns {
  inbox_due_at: Date;
  snippet: string;
  message_count: number;
  customer_id: string | null;
  customer_name: string | null;
  customer_tier: string | null;
}

function refOrNull(id: string | null, name: string | null): { id: string; name: string } | null {
  return id ? { id, name: name ?? '' } : null;
}

function handoffFields(row: HandoffColumns): Omit<Handoff, 'transcript' | 'history'> {
  return {
    id: row.id,
    caseId: row.case_id,
    identity: { network: row.network, handle: row.handle },
    fromTeam: { id: row.from_team_id, name: row.from_team_name },
    toTeam: { id: row.to_team_id, name: row.to_team_name },
    createdBy: { id: row.created_by, name: row.created_by_name },
    reason: row.reason,
    preferredChannel: row.preferred_channel as PreferredChannel | null,
    status: row.status,
    firstResponseDueAt: isoRequired(row.first_response_due_at),
    dueAt: isoRequired(row.due_at),
    acceptedBy: refOrNull(row.accepted_by, row.accepted_by_name),
    acceptedAt: iso(row.accepted_at),
    resolvedBy: refOrNull(row.resolved_by, row.resolved_by_name),
    resolvedAt: iso(row.resolved_at),
    outcome: row.outcome,
    sentBackReason: row.sent_back_reason,
    createdAt: isoRequired(row.created_at),
    updatedAt: isoRequired(row.updated_at),
    version: row.version,
  };
}

export function handoffFrom(row: HandoffRow, history: HandoffEvent[]): Handoff {
  return {
    ...handoffFields(row),
    transcript: typeof row.transcript === 'string' ? (JSON.parse(row.transcript) as TranscriptEntry[]) : row.transcript,
    history,
  };
}

export function handoffSummaryFrom(row: HandoffSummaryRow): HandoffSummary {
  return {
    ...handoffFields(row),
    customer: row.customer_id ? { memberId: row.customer_id, displayName: row.customer_name ?? '', tierId: row.customer_tier ?? '' } : null,
    snippet: row.snippet,
    messageCount: row.message_count,
  };
}

export const HANDOFF_EVENT_SELECT = `SELECT e.handoff_id, e.action, e.agent_id, ea.name AS agent_name, e.team_id, et.name AS team_name,
    e.at, e.note, e.to_team_id, ett.name AS to_team_name
  FROM handoff_events e JOIN agents ea ON ea.id = e.agent_id JOIN teams et ON et.id = e.team_id
  LEFT JOIN teams ett ON ett.id = e.to_team_id`;

export interface HandoffEventRow {
  handoff_id: string;
  action: HandoffEvent['action'];
  agent_id: string;
  agent_name: string;
  team_id: string;
  team_name: string;
  at: Date;
  note: string | null;
  to_team_id: string | null;
  to_team_name: string | null;
}

export function handoffEventFrom(row: HandoffEventRow): HandoffEvent {
  return {
    action: row.action,
    by: { id: row.agent_id, name: row.agent_name },
    team: { id: row.team_id, name: row.team_name },
    at: isoRequired(row.at),
    note: row.note,
    toTeam: refOrNull(row.to_team_id, row.to_team_name),
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
