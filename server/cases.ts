import { deadlinesFor, type DeadlineSettings, type Identity } from '../utils/contract';
import type { Queryable } from './db/database';
import type { AgentContext } from './http';
import { CASE_SELECT, type CaseRow } from './rows';

export async function caseInTeam(db: Queryable, caseId: string, teamId: string): Promise<CaseRow | undefined> {
  const [row] = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1 AND c.team_id = $2`, [caseId, teamId]);
  return row;
}

async function openCaseFor(db: Queryable, teamId: string, identity: Identity): Promise<CaseRow | undefined> {
  const [row] = await db.query<CaseRow>(
    `${CASE_SELECT} WHERE c.team_id = $1 AND c.network = $2 AND c.handle = $3 AND c.status <> 'resolved'
      ORDER BY c.opened_at DESC LIMIT 1`,
    [teamId, identity.network, identity.handle],
  );
  return row;
}

/** The team's deadline settings as stored now (not as cached with the agent's token). */
export async function teamDeadlineSettings(db: Queryable, teamId: string): Promise<DeadlineSettings> {
  const [row] = await db.query<{ time_zone: string; first_response_minutes: number; day_ends_at: string }>(
    'SELECT time_zone, first_response_minutes, day_ends_at FROM teams WHERE id = $1',
    [teamId],
  );
  if (!row) throw new Error(`Team ${teamId} does not exist.`);
  return { timeZone: row.time_zone, firstResponseMinutes: row.first_response_minutes, dayEndsAt: row.day_ends_at };
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
  const deadlines = deadlinesFor(await teamDeadlineSettings(db, agent.teamId), now);
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

/**
 * The customer's open case in the agent's team, or a new one opened by the agent. Must run
 * in a transaction: on PostgreSQL an advisory lock on (team, identity) makes two agents
 * acting on the same customer at once share one case instead of opening two (PGlite runs
 * one transaction at a time anyway).
 */
export async function openOrReuseCase(
  tx: Queryable,
  engine: 'pglite' | 'postgres',
  agent: AgentContext,
  input: { identity: Identity; subject: string; postUrl: string | null },
): Promise<{ row: CaseRow; opened: boolean }> {
  if (engine === 'postgres') {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `case\n${agent.teamId}\n${input.identity.network}\n${input.identity.handle}`,
    ]);
  }
  const existing = await openCaseFor(tx, agent.teamId, input.identity);
  if (existing) return { row: existing, opened: false };
  return { row: await openCase(tx, agent, input), opened: true };
}
