import { deadlinesFor, type Identity } from '../utils/contract';
import type { Queryable } from './db/database';
import type { AgentContext } from './http';
import { CASE_SELECT, type CaseRow } from './rows';

export async function caseInTeam(db: Queryable, caseId: string, teamId: string): Promise<CaseRow | undefined> {
  const [row] = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1 AND c.team_id = $2`, [caseId, teamId]);
  return row;
}

export async function openCaseFor(db: Queryable, teamId: string, identity: Identity): Promise<CaseRow | undefined> {
  const [row] = await db.query<CaseRow>(
    `${CASE_SELECT} WHERE c.team_id = $1 AND c.network = $2 AND c.handle = $3 AND c.status <> 'resolved'
      ORDER BY c.opened_at DESC LIMIT 1`,
    [teamId, identity.network, identity.handle],
  );
  return row;
}

/**
 * Opens a case held by the agent who opens it, with deadlines from the team's settings
 * (the one shared `deadlinesFor`). The customer's member, if linked, is attached.
 */
export async function openCase(
  db: Queryable,
  agent: AgentContext,
  input: { identity: Identity; subject: string; postUrl: string | null },
  now = new Date(),
): Promise<CaseRow> {
  const deadlines = deadlinesFor(
    { timeZone: agent.timeZone, firstResponseMinutes: agent.firstResponseMinutes, dayEndsAt: agent.dayEndsAt },
    now,
  );
  const [created] = await db.query<{ id: string }>(
    `INSERT INTO cases (team_id, network, handle, member_id, subject, post_url, status, assignee_id, assigned_at, opened_by,
                        opened_at, first_response_due_at, resolution_due_at, updated_at)
     VALUES ($1, $2, $3, (SELECT member_id FROM member_identities WHERE network = $2 AND handle = $3), $4, $5, 'open', $6, $7, $6,
             $7, $8, $9, $7)
     RETURNING id`,
    [
      agent.teamId,
      input.identity.network,
      input.identity.handle,
      input.subject,
      input.postUrl,
      agent.agentId,
      now,
      deadlines.firstResponseDueAt,
      deadlines.resolutionDueAt,
    ],
  );
  return (await caseInTeam(db, created!.id, agent.teamId))!;
}
