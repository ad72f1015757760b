import type { HandoffStatus, Identity, TranscriptEntry } from '../../utils/contract';
import type { Queryable } from '../db/database';
import type { AgentContext } from './agents';
import { caseInTeam, openOrReuseCase } from './cases';
import { conflict, DomainError, forbidden, invalid, notFound } from './errors';
import { HANDOFF_SELECT, type CaseRow, type HandoffRow } from './rows';
import { teamExists } from './teams';

export async function handoffById(db: Queryable, id: string): Promise<HandoffRow | undefined> {
  const [row] = await db.query<HandoffRow>(`${HANDOFF_SELECT} WHERE h.id = $1`, [id]);
  return row;
}

/**
 * Records a handoff of the case to another team, due when the case is (its sundown). The
 * preferred channel is the customer's own, from the member the case or its handle is linked
 * to (none for a customer who is not a member): the server decides it, so the receiving team
 * contacts the customer the way they chose whatever the sending extension believed.
 */
export async function recordHandoff(
  tx: Queryable,
  from: AgentContext,
  input: { caseRow: CaseRow; toTeamId: string; reason: string; transcript: TranscriptEntry[] },
): Promise<HandoffRow> {
  const [created] = await tx.query<{ id: string }>(
    `INSERT INTO handoffs (case_id, from_team_id, to_team_id, created_by, reason, preferred_channel, transcript, status, due_at)
     VALUES ($1, $2, $3, $4, $5,
             COALESCE((SELECT preferred_channel FROM members WHERE id = $8),
                      (SELECT m.preferred_channel FROM member_identities i JOIN members m ON m.id = i.member_id
                        WHERE i.network = $9 AND i.handle = $10)),
             $6, 'sent', $7)
     RETURNING id`,
    [
      input.caseRow.id,
      from.teamId,
      input.toTeamId,
      from.agentId,
      input.reason,
      JSON.stringify(input.transcript),
      input.caseRow.resolution_due_at,
      input.caseRow.member_id,
      input.caseRow.network,
      input.caseRow.handle,
    ],
  );
  return (await handoffById(tx, created!.id))!;
}

export interface HandoffRequest {
  caseId?: string;
  identity?: Identity;
  toTeamId: string;
  reason: string;
  transcript: TranscriptEntry[];
}

/**
 * Hands a case of the agent's team (or the customer's open case, opened if needed) to
 * another existing team. The newest message of the transcript names a new case: it is the
 * post the agent handed off from.
 */
export async function handOff(tx: Queryable, engine: 'pglite' | 'postgres', agent: AgentContext, request: HandoffRequest): Promise<HandoffRow> {
  if (request.toTeamId === agent.teamId) {
    throw invalid('Pick another team: a handoff goes to a different team.', [{ path: 'toTeamId', message: 'Your own team' }]);
  }
  if (!(await teamExists(tx, request.toTeamId))) throw invalid('No team with this id.', [{ path: 'toTeamId', message: 'Unknown team' }]);
  let caseRow = request.caseId ? await caseInTeam(tx, request.caseId, agent.teamId) : undefined;
  if (request.caseId && !caseRow) throw notFound('No such case in your team.');
  if (!caseRow && request.identity) {
    const latest = request.transcript[request.transcript.length - 1];
    const reused = await openOrReuseCase(tx, engine, agent, {
      identity: request.identity,
      subject: (latest?.text ?? '').slice(0, 200) || `@${request.identity.handle}`,
      postUrl: latest?.url ?? null,
    });
    caseRow = reused.row;
  }
  if (!caseRow) throw new DomainError('incomplete', 'Give the case (caseId) or the customer (identity) being handed off.');
  return recordHandoff(tx, agent, { caseRow, toTeamId: request.toTeamId, reason: request.reason, transcript: request.transcript });
}

/** `recent`: open ones plus those closed in the last 7 days, so the sender sees the outcome. */
export type HandoffListStatus = 'recent' | 'active' | 'all';

/** What is addressed to the agent's team (`inbox`) or what it sent (`sent`), newest first. */
export async function listHandoffs(db: Queryable, agent: AgentContext, box: 'inbox' | 'sent', status: HandoffListStatus): Promise<HandoffRow[]> {
  const column = box === 'inbox' ? 'h.to_team_id' : 'h.from_team_id';
  const statusFilter = {
    recent: `AND (h.status IN ('sent', 'accepted') OR h.updated_at > now() - interval '7 days')`,
    active: `AND h.status IN ('sent', 'accepted')`,
    all: '',
  }[status];
  return db.query<HandoffRow>(`${HANDOFF_SELECT} WHERE ${column} = $1 ${statusFilter} ORDER BY h.created_at DESC LIMIT 500`, [agent.teamId]);
}

/** Why a handoff cannot go from one status to another, or null when it can. */
function transitionRefusal(from: HandoffStatus, to: HandoffStatus): string | null {
  if (from === 'cancelled') return 'The sending team cancelled this handoff; nothing more can change on it.';
  if (to === 'cancelled' && from !== 'sent') return `The receiving team already ${from} this handoff; it can no longer be cancelled.`;
  if (from === 'resolved') return 'This handoff is already resolved.';
  return null;
}

/**
 * The receiving team accepts or resolves; the sending team cancels (Undo) while it is
 * still `sent`. A third team finds nothing; `version`, when given, must be the current one.
 */
export async function changeHandoffStatus(
  tx: Queryable,
  agent: AgentContext,
  id: string,
  change: { status: 'accepted' | 'resolved' | 'cancelled'; version?: number },
): Promise<HandoffRow> {
  const current = await handoffById(tx, id);
  if (!current || (current.to_team_id !== agent.teamId && current.from_team_id !== agent.teamId)) throw notFound('No such handoff for your team.');
  const receiving = current.to_team_id === agent.teamId;
  if (change.status === 'cancelled' && current.from_team_id !== agent.teamId) throw forbidden('Only the sending team can cancel a handoff.');
  if (change.status !== 'cancelled' && !receiving) throw forbidden('Only the receiving team can accept or resolve a handoff.');
  if (change.version !== undefined && change.version !== current.version) {
    throw conflict(`This handoff changed since you loaded it (now version ${current.version}).`);
  }
  if (change.status === current.status) return current;
  const refusal = transitionRefusal(current.status, change.status);
  if (refusal) throw conflict(refusal);
  await tx.query('UPDATE handoffs SET status = $2, version = version + 1, updated_at = now() WHERE id = $1', [id, change.status]);
  return (await handoffById(tx, id))!;
}
