import {
  deadlinesFor, type Handoff, type HandoffActionName, type HandoffDetail, type HandoffPatch, type HandoffStatus, type Identity, type InboxPage, type InboxQuery,
  type TranscriptEntry, type WebhookEventType,
} from '../../utils/contract';
import type { Queryable } from '../db/database';
import type { AgentContext } from './agents';
import { audit, auditHourly } from './audit';
import { caseInTeam, openOrReuseCase } from './cases';
import { conflict, DomainError, forbidden, invalid, notFound } from './errors';
import {
  CUSTOMER_JOIN, HANDOFF_EVENT_SELECT, HANDOFF_SELECT, handoffEventFrom, handoffFrom, handoffSummariesOf, handoffSummaryFrom, MEMBER_COLUMNS,
  memberFrom, type CaseRow, type HandoffEventRow, type HandoffRow, type HandoffSummaryRow, type MemberRow,
} from './rows';
import { isHandoffTarget, teamDeadlineSettings, teamExists } from './teams';
import { enqueueEvent } from './webhooks/outbox';

export async function handoffById(db: Queryable, id: string): Promise<HandoffRow | undefined> {
  const [row] = await db.query<HandoffRow>(`${HANDOFF_SELECT} WHERE h.id = $1`, [id]);
  return row;
}

/** The handoffs with their history (every change, oldest first), in one query for all of them. */
export async function handoffsWithHistory(db: Queryable, rows: HandoffRow[]): Promise<Handoff[]> {
  if (rows.length === 0) return [];
  const events = await db.query<HandoffEventRow>(`${HANDOFF_EVENT_SELECT} WHERE e.handoff_id = ANY($1::uuid[]) ORDER BY e.id`, [rows.map((row) => row.id)]);
  const byHandoff = new Map<string, HandoffEventRow[]>();
  for (const event of events) byHandoff.set(event.handoff_id, [...(byHandoff.get(event.handoff_id) ?? []), event]);
  return rows.map((row) => handoffFrom(row, (byHandoff.get(row.id) ?? []).map(handoffEventFrom)));
}

export async function handoffWithHistory(db: Queryable, row: HandoffRow): Promise<Handoff> {
  return (await handoffsWithHistory(db, [row]))[0]!;
}

type HandoffAction = HandoffActionName;

async function recordEvent(
  tx: Queryable,
  handoffId: string,
  agent: AgentContext,
  event: { action: HandoffAction; at: Date; note?: string | null; toTeamId?: string | null },
): Promise<void> {
  await tx.query('INSERT INTO handoff_events (handoff_id, action, agent_id, team_id, at, note, to_team_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    handoffId,
    event.action,
    agent.agentId,
    agent.teamId,
    event.at,
    event.note ?? null,
    event.toTeamId ?? null,
  ]);
  const type = WEBHOOK_EVENT[event.action];
  if (type) {
    // The webhook event, in this transaction: it is sent exactly when the change is made.
    const row = (await handoffById(tx, handoffId))!;
    await enqueueEvent(tx, {
      type,
      teamIds: [row.from_team_id, row.to_team_id, agent.teamId],
      noticeTeamId: row.to_team_id,
      data: await handoffWithHistory(tx, row),
      at: event.at,
    });
  }
}

/** The webhook event each change of a handoff is told as (a cancelled handoff never reached anyone's tools). */
const WEBHOOK_EVENT: Partial<Record<HandoffAction, WebhookEventType>> = {
  created: 'handoff.created',
  accepted: 'handoff.accepted',
  resolved: 'handoff.resolved',
  sent_back: 'handoff.sent_back',
  reassigned: 'handoff.reassigned',
};

/** When a handoff that reaches `teamId` at `arrivedAt` needs a first response and a resolution (that team's sundown). */
async function dueTimesFor(tx: Queryable, teamId: string, arrivedAt: Date): Promise<{ firstResponseDueAt: Date; dueAt: Date }> {
  const deadlines = deadlinesFor(await teamDeadlineSettings(tx, teamId), arrivedAt);
  return { firstResponseDueAt: deadlines.firstResponseDueAt, dueAt: deadlines.resolutionDueAt };
}

/**
 * Records a handoff of the case to another team, due by the receiving team's deadlines (a
 * first response within its first-response minutes, resolution by its sundown). The
 * preferred channel is the customer's own, from the member the case or its handle is linked
 * to (none for a customer who is not a member): the server decides it, so the receiving team
 * contacts the customer the way they chose whatever the sending extension believed.
 */
export async function recordHandoff(
  tx: Queryable,
  from: AgentContext,
  input: { caseRow: CaseRow; toTeamId: string; reason: string; transcript: TranscriptEntry[] },
  now = new Date(),
): Promise<HandoffRow> {
  const due = await dueTimesFor(tx, input.toTeamId, now);
  const [created] = await tx.query<{ id: string }>(
    `INSERT INTO handoffs (case_id, from_team_id, to_team_id, created_by, reason, preferred_channel, transcript, status,
                           arrived_at, first_response_due_at, due_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5,
             COALESCE((SELECT preferred_channel FROM members WHERE id = $10),
                      (SELECT m.preferred_channel FROM member_identities i JOIN members m ON m.id = i.member_id
                        WHERE i.network = $11 AND i.handle = $12)),
             $6, 'sent', $7, $8, $9, $7, $7)
     RETURNING id`,
    [
      input.caseRow.id,
      from.teamId,
      input.toTeamId,
      from.agentId,
      input.reason,
      JSON.stringify(input.transcript),
      now,
      due.firstResponseDueAt,
      due.dueAt,
      input.caseRow.member_id,
      input.caseRow.network,
      input.caseRow.handle,
    ],
  );
  await recordEvent(tx, created!.id, from, { action: 'created', at: now, note: input.reason || null, toTeamId: input.toTeamId });
  return (await handoffById(tx, created!.id))!;
}

export interface HandoffRequest {
  caseId?: string;
  identity?: Identity;
  toTeamId: string;
  reason: string;
  transcript: TranscriptEntry[];
}

/** Refuses a target team that is the agent's own, does not exist, or is not among the team's handoff targets. */
async function checkTargetTeam(tx: Queryable, agent: AgentContext, toTeamId: string): Promise<void> {
  if (toTeamId === agent.teamId) throw invalid('Pick another team: a handoff goes to a different team.', [{ path: 'toTeamId', message: 'Your own team' }], 'handoff_own_team');
  await checkChosenTarget(tx, agent.teamId, toTeamId);
}

/** Refuses a team that does not exist, or that the handing-off team does not hand off to (the admin's Teams page). */
async function checkChosenTarget(tx: Queryable, fromTeamId: string, toTeamId: string): Promise<void> {
  if (!(await teamExists(tx, toTeamId))) throw invalid('No team with this id.', [{ path: 'toTeamId', message: 'Unknown team' }], 'team_not_found');
  if (!(await isHandoffTarget(tx, fromTeamId, toTeamId))) {
    throw invalid("Your team does not hand off to this team; pick one of /v1/me's handoffTargets.", [{ path: 'toTeamId', message: 'Not a handoff target of your team' }], 'handoff_not_target');
  }
}

/**
 * Hands a case of the agent's team (or the customer's open case, opened if needed) to
 * another existing team. The newest message of the transcript names a new case: it is the
 * post the agent handed off from.
 */
export async function handOff(tx: Queryable, engine: 'pglite' | 'postgres', agent: AgentContext, request: HandoffRequest): Promise<HandoffRow> {
  await checkTargetTeam(tx, agent, request.toTeamId);
  let caseRow = request.caseId ? await caseInTeam(tx, request.caseId, agent.teamId) : undefined;
  if (request.caseId && !caseRow) throw notFound('No such case in your team.', 'case_not_found');
  if (!caseRow && request.identity) {
    const latest = request.transcript[request.transcript.length - 1];
    const reused = await openOrReuseCase(tx, engine, agent, {
      identity: request.identity,
      subject: (latest?.text ?? '').slice(0, 200) || `@${request.identity.handle}`,
      postUrl: latest?.url ?? null,
    });
    caseRow = reused.row;
  }
  if (!caseRow) throw new DomainError('incomplete', 'Give the case (caseId) or the customer (identity) being handed off.', undefined, undefined, 'handoff_target_missing');
  return recordHandoff(tx, agent, { caseRow, toTeamId: request.toTeamId, reason: request.reason, transcript: request.transcript });
}

/** `recent`: open ones plus those changed in the last 7 days, so the sender sees each outcome. */
export type HandoffListStatus = 'recent' | 'active' | 'all';

/** What is addressed to the agent's team (`inbox`) or what it sent (`sent`), newest first. */
export async function listHandoffs(db: Queryable, agent: AgentContext, box: 'inbox' | 'sent', status: HandoffListStatus): Promise<Handoff[]> {
  const column = box === 'inbox' ? 'h.to_team_id' : 'h.from_team_id';
  const statusFilter = {
    recent: `AND (h.status IN ('sent', 'accepted') OR h.updated_at > now() - interval '7 days')`,
    active: `AND h.status IN ('sent', 'accepted')`,
    all: '',
  }[status];
  const rows = await db.query<HandoffRow>(`${HANDOFF_SELECT} WHERE ${column} = $1 ${statusFilter} ORDER BY h.created_at DESC LIMIT 500`, [agent.teamId]);
  // Every transcript in the list is read: audited once per customer, agent and hour.
  await auditHourly(db, agent, 'handoff.transcript.read', [...new Map(rows.map((row) => [`${row.network}:${row.handle}`, { network: row.network, handle: row.handle }])).values()]);
  return handoffsWithHistory(db, rows);
}

/** The handoff when the agent's team sent or receives it; for any other team it does not exist. */
async function visibleHandoff(db: Queryable, agent: AgentContext, id: string): Promise<HandoffRow> {
  const row = await handoffById(db, id);
  if (!row || (row.to_team_id !== agent.teamId && row.from_team_id !== agent.teamId)) throw notFound('No such handoff for your team.', 'handoff_not_found');
  return row;
}

/**
 * The whole handoff (transcript and history) and the customer's member record, for the
 * sending or the receiving team. Each read is audited: the transcript is the customer's words.
 */
export async function readHandoff(db: Queryable, agent: AgentContext, id: string): Promise<HandoffDetail> {
  const row = await visibleHandoff(db, agent, id);
  const [memberRow] = await db.query<MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM cases c ${CUSTOMER_JOIN} WHERE c.id = $1 AND m.id IS NOT NULL`,
    [row.case_id],
  );
  await audit(db, agent, 'handoff.transcript.read', {
    memberId: memberRow?.member_id ?? null,
    network: row.network,
    handle: row.handle,
    detail: { handoffId: row.id },
  });
  return { handoff: await handoffWithHistory(db, row), member: memberRow ? memberFrom(memberRow) : null };
}

const INBOX_STATUSES: readonly HandoffStatus[] = ['sent', 'accepted', 'resolved', 'sent_back', 'cancelled'];

/** The keyset of an inbox row: its due time (ISO) and id, opaque to the client. */
function encodeCursor(row: HandoffSummaryRow): string {
  return Buffer.from(JSON.stringify([new Date(row.inbox_due_at).toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [dueAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof dueAt === 'string' && !Number.isNaN(Date.parse(dueAt)) && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return [dueAt, id];
  } catch {
    // Falls through to the refusal below.
  }
  throw new DomainError('incomplete', 'This page cursor is not valid; start again from the first page.', [{ path: 'cursor', message: 'Not a cursor' }], undefined, 'cursor_invalid');
}

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * The receiving team's inbox, what is due first on top: the first-response due time of a
 * handoff still `sent`, else its resolution due time (`inbox_due_at`, a stored column
 * indexed per team, with a partial index for the open ones). Keyset pagination by (due,
 * id). Counts per status with every filter but the status applied: without filters they
 * are read from `handoff_counts`, which a trigger keeps, rather than counted each time.
 */
export async function inbox(db: Queryable, agent: AgentContext, query: InboxQuery, now = new Date()): Promise<InboxPage> {
  const params: unknown[] = [agent.teamId];
  const filters = ['h.to_team_id = $1'];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    filters.push(sql(`$${params.length}`));
  };
  if (query.tier) add((p) => `m.tier_id = ${p}`, query.tier.toLowerCase());
  if (query.fromTeamId) add((p) => `h.from_team_id = ${p}`, query.fromTeamId);
  if (query.olderThanMinutes !== undefined) add((p) => `h.arrived_at <= ${p}`, new Date(now.getTime() - query.olderThanMinutes * 60_000));
  const q = query.q?.replace(/^@/, '').toLowerCase();
  if (q) add((p) => `(c.handle LIKE ${p} ESCAPE '\\' OR lower(m.name) LIKE ${p} ESCAPE '\\')`, likePattern(q));
  const from = query.tier || q ? `FROM handoffs h JOIN cases c ON c.id = h.case_id ${CUSTOMER_JOIN}` : 'FROM handoffs h';
  const countFilters = [...filters];
  const countParams = [...params];

  if (query.status === 'open') filters.push(`h.status IN ('sent', 'accepted')`);
  else if (query.status !== 'all') add((p) => `h.status = ${p}`, query.status);
  if (query.cursor) {
    const [dueAt, id] = decodeCursor(query.cursor);
    params.push(dueAt, id);
    filters.push(`(h.inbox_due_at, h.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(query.limit + 1);
  const page = `SELECT h.* ${from} WHERE ${filters.join(' AND ')} ORDER BY h.inbox_due_at, h.id LIMIT $${params.length}`;
  const [rows, counts] = await Promise.all([
    db.query<HandoffSummaryRow>(handoffSummariesOf(page), params),
    countFilters.length === 1 ? teamCounts(db, agent.teamId) : countedByStatus(db, `${from} WHERE ${countFilters.join(' AND ')}`, countParams),
  ]);
  const shown = rows.slice(0, query.limit);
  return {
    handoffs: shown.map(handoffSummaryFrom),
    counts,
    nextCursor: rows.length > query.limit ? encodeCursor(shown[shown.length - 1]!) : null,
  };
}

function byStatus(rows: Array<{ status: HandoffStatus; count: number }>): Record<HandoffStatus, number> {
  const counts = Object.fromEntries(INBOX_STATUSES.map((status) => [status, 0])) as Record<HandoffStatus, number>;
  for (const { status, count } of rows) counts[status] = count;
  return counts;
}

async function teamCounts(db: Queryable, teamId: string): Promise<Record<HandoffStatus, number>> {
  return byStatus(await db.query('SELECT status, n AS count FROM handoff_counts WHERE team_id = $1', [teamId]));
}

async function countedByStatus(db: Queryable, fromWhere: string, params: unknown[]): Promise<Record<HandoffStatus, number>> {
  return byStatus(await db.query(`SELECT h.status, count(*)::int AS count ${fromWhere} GROUP BY h.status`, params));
}

/** A change to a handoff, from the contract's action or its older `{ status }` form. */
type Change =
  | { action: 'accept'; version?: number }
  | { action: 'resolve'; version?: number; outcome: string | null }
  | { action: 'send_back'; version: number; reason: string }
  | { action: 'reassign'; version: number; toTeamId: string; reason: string }
  | { action: 'cancel'; version?: number };

function changeFrom(patch: HandoffPatch): Change {
  if ('action' in patch) return patch;
  const action = ({ accepted: 'accept', resolved: 'resolve', cancelled: 'cancel' } as const)[patch.status];
  return action === 'resolve' ? { action, version: patch.version, outcome: null } : { action, version: patch.version };
}

/** The status each action leads to, and how the history names it. */
const RESULT: Record<Change['action'], HandoffStatus> = { accept: 'accepted', resolve: 'resolved', send_back: 'sent_back', reassign: 'sent', cancel: 'cancelled' };
const EVENT: Record<Change['action'], HandoffAction> = { accept: 'accepted', resolve: 'resolved', send_back: 'sent_back', reassign: 'reassigned', cancel: 'cancelled' };

export const STALE_HANDOFF = 'Someone else changed this handoff; reload to see the change.';

/** Why the change cannot be made from the handoff's status, or null when it can. */
function refusal(from: HandoffStatus, change: Change): string | null {
  if (from === 'cancelled') return 'The sending team cancelled this handoff; nothing more can change on it.';
  if (from === 'resolved') return 'This handoff is already resolved.';
  if (from === 'sent_back') return 'This handoff was sent back to the sending team; nothing more can change on it.';
  if (change.action === 'cancel' && from !== 'sent') return `The receiving team already ${from} this handoff; it can no longer be cancelled.`;
  return null;
}

/**
 * The receiving team accepts, resolves (with an outcome), sends back (with a reason: the
 * case reopens for the agent who handed it off, due for a response at once) or reassigns
 * (to another team, with a reason: it is `sent` again, due by that team's deadlines); the
 * sending team cancels (Undo) while it is still `sent`. A third team finds nothing. A
 * `version` other than the current one is a conflict; every change is in the history.
 */
export async function changeHandoff(tx: Queryable, agent: AgentContext, id: string, patch: HandoffPatch, now = new Date()): Promise<HandoffRow> {
  const change = changeFrom(patch);
  const current = await visibleHandoff(tx, agent, id);
  if (change.action === 'cancel') {
    if (current.from_team_id !== agent.teamId) throw forbidden('Only the sending team can cancel a handoff.', 'handoff_cancel_forbidden');
  } else if (current.to_team_id !== agent.teamId) {
    throw forbidden('Only the receiving team can accept, resolve, send back or reassign a handoff.', 'handoff_change_forbidden');
  }
  if (change.version !== undefined && change.version !== current.version) throw conflict(STALE_HANDOFF, 'handoff_changed');
  const target = RESULT[change.action];
  if (target === current.status && change.action !== 'reassign') return current;
  const refused = refusal(current.status, change);
  if (refused) throw conflict(refused, 'handoff_refused');

  const sets = ['status = $3', 'version = version + 1', 'updated_at = $4'];
  const params: unknown[] = [id, current.version, target, now];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  let note: string | null = null;
  let toTeamId: string | null = null;
  if (change.action === 'accept') {
    set('accepted_by', agent.agentId);
    set('accepted_at', now);
  } else if (change.action === 'resolve') {
    set('resolved_by', agent.agentId);
    set('resolved_at', now);
    set('outcome', change.outcome);
    note = change.outcome;
  } else if (change.action === 'send_back') {
    set('sent_back_reason', change.reason);
    set('outcome', change.reason);
    note = change.reason;
  } else if (change.action === 'reassign') {
    if (change.toTeamId === current.to_team_id) throw invalid('Pick another team: this one has it already.', [{ path: 'toTeamId', message: 'Already this team' }], 'handoff_same_team');
    if (change.toTeamId === current.from_team_id) {
      throw invalid('To give it back to the team that sent it, send it back instead.', [{ path: 'toTeamId', message: 'The sending team' }], 'handoff_back_to_sender');
    }
    // The receiving team passes it on, so its own handoff targets apply.
    await checkChosenTarget(tx, agent.teamId, change.toTeamId);
    const due = await dueTimesFor(tx, change.toTeamId, now);
    set('to_team_id', change.toTeamId);
    set('arrived_at', now);
    set('first_response_due_at', due.firstResponseDueAt);
    set('due_at', due.dueAt);
    set('outcome', change.reason);
    sets.push('accepted_by = NULL', 'accepted_at = NULL');
    note = change.reason;
    toTeamId = change.toTeamId;
  }
  const updated = await tx.query(`UPDATE handoffs SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING id`, params);
  if (updated.length === 0) throw conflict(STALE_HANDOFF, 'handoff_changed');
  await recordEvent(tx, id, agent, { action: EVENT[change.action], at: now, note, toTeamId });
  if (change.action === 'send_back') await reopenForSender(tx, current, now);
  return (await handoffById(tx, id))!;
}

/**
 * The case goes back to the agent who handed it off, open and due for a response at once,
 * so it comes first in their open cases.
 */
async function reopenForSender(tx: Queryable, handoff: HandoffRow, now: Date): Promise<void> {
  await tx.query(
    `UPDATE cases SET status = 'open', assignee_id = $2, assigned_at = $3, resolved_at = NULL, first_responded_at = NULL,
            first_response_due_at = $3, version = version + 1, updated_at = $3
      WHERE id = $1`,
    [handoff.case_id, handoff.created_by, now],
  );
}
