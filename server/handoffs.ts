import type { PreferredChannel, TranscriptEntry } from '../utils/contract';
import type { Queryable } from './db/database';
import type { AgentContext } from './http';
import { HANDOFF_SELECT, type CaseRow, type HandoffRow } from './rows';

export async function handoffById(db: Queryable, id: string): Promise<HandoffRow | undefined> {
  const [row] = await db.query<HandoffRow>(`${HANDOFF_SELECT} WHERE h.id = $1`, [id]);
  return row;
}

/**
 * Records a handoff of the case to another team, due when the case is (its sundown). With
 * no channel given, the member's own preferred channel travels with it, so the receiving
 * team contacts the customer the way they chose.
 */
export async function recordHandoff(
  tx: Queryable,
  from: AgentContext,
  input: { caseRow: CaseRow; toTeamId: string; reason: string; preferredChannel: PreferredChannel | null; transcript: TranscriptEntry[] },
): Promise<HandoffRow> {
  const [created] = await tx.query<{ id: string }>(
    `INSERT INTO handoffs (case_id, from_team_id, to_team_id, created_by, reason, preferred_channel, transcript, status, due_at)
     VALUES ($1, $2, $3, $4, $5, COALESCE($6, (SELECT preferred_channel FROM members WHERE id = $9)), $7, 'sent', $8)
     RETURNING id`,
    [
      input.caseRow.id,
      from.teamId,
      input.toTeamId,
      from.agentId,
      input.reason,
      input.preferredChannel,
      JSON.stringify(input.transcript),
      input.caseRow.resolution_due_at,
      input.caseRow.member_id,
    ],
  );
  return (await handoffById(tx, created!.id))!;
}
