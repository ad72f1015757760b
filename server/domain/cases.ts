import { deadlinesFor, type CaseStatus, type Identity } from '../../utils/contract';
import type { Queryable } from '../db/database';
import type { AgentContext } from './agents';
import { conflict, notFound } from './errors';
import { caseFrom, CASE_SELECT, NOTE_SELECT, type CaseRow, type NoteRow } from './rows';
import { teamDeadlineSettings } from './teams';
import { enqueueEvent } from './webhooks/outbox';

export async function caseInTeam(db: Queryable, caseId: string, teamId: string): Promise<CaseRow | undefined> {
  const [row] = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1 AND c.team_id = $2`, [caseId, teamId]);
  return row;
}

/** The case, when it is the agent's team's; a case of another team is "not found" (no oracle for ids). */
export async function teamCase(db: Queryable, agent: AgentContext, caseId: string): Promise<CaseRow> {
  const row = await caseInTeam(db, caseId, agent.teamId);
  if (!row) throw notFound('No such case in your team.', 'case_not_found');
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
  const opened = (await caseInTeam(db, created!.id, agent.teamId))!;
  await enqueueEvent(db, { type: 'case.opened', teamIds: [agent.teamId], data: caseFrom(opened), at: now });
  return opened;
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

/** The agent's (`mine`) or the team's cases, nearest deadline first. */
export async function listCases(
  db: Queryable,
  agent: AgentContext,
  filter: { scope: 'mine' | 'team'; status: 'open' | 'resolved' | 'all' },
): Promise<CaseRow[]> {
  const conditions = ['c.team_id = $1'];
  const params: unknown[] = [agent.teamId];
  if (filter.scope === 'mine') {
    params.push(agent.agentId);
    conditions.push(`c.assignee_id = $${params.length}`);
  }
  if (filter.status === 'open') conditions.push(`c.status <> 'resolved'`);
  if (filter.status === 'resolved') conditions.push(`c.status = 'resolved'`);
  return db.query<CaseRow>(
    `${CASE_SELECT} WHERE ${conditions.join(' AND ')}
     ORDER BY LEAST(CASE WHEN c.first_responded_at IS NULL THEN c.first_response_due_at END, c.resolution_due_at) ASC
     LIMIT 500`,
    params,
  );
}

export interface CaseChange {
  status?: CaseStatus;
  /** `me` takes the case; `null` releases it. */
  assignee?: 'me' | null;
  firstResponded?: boolean;
}

/**
 * Changes a case of the agent's team if it is still at `version` (optimistic concurrency);
 * a newer version is a conflict that names who holds the case now.
 */
export async function changeCase(tx: Queryable, agent: AgentContext, id: string, version: number, change: CaseChange): Promise<CaseRow> {
  const sets = ['version = version + 1', 'updated_at = now()'];
  const params: unknown[] = [id, agent.teamId, version];
  // Whether this change resolves the case, or it was resolved already: resolving it again
  // keeps its resolved time and tells the team's tools nothing new. (Read at `version`: if
  // the case changes in between, the update below finds no row and answers a conflict.)
  const [before] =
    change.status === 'resolved' ? await tx.query<{ status: CaseStatus }>('SELECT status FROM cases WHERE id = $1 AND team_id = $2 AND version = $3', params) : [];
  const resolves = before !== undefined && before.status !== 'resolved';
  if (change.status !== undefined) {
    params.push(change.status);
    sets.push(`status = $${params.length}`);
    sets.push(`resolved_at = CASE WHEN $${params.length} <> 'resolved' THEN NULL WHEN status = 'resolved' THEN resolved_at ELSE now() END`);
  }
  if (change.assignee === 'me') {
    params.push(agent.agentId);
    sets.push(`assignee_id = $${params.length}`, 'assigned_at = now()');
  } else if (change.assignee === null) {
    sets.push('assignee_id = NULL', 'assigned_at = NULL');
  }
  if (change.firstResponded) sets.push('first_responded_at = COALESCE(first_responded_at, now())');
  const updated = await tx.query(`UPDATE cases SET ${sets.join(', ')} WHERE id = $1 AND team_id = $2 AND version = $3 RETURNING id`, params);
  if (updated.length === 0) {
    const current = await teamCase(tx, agent, id);
    throw conflict(
      `This case changed since you loaded it (now version ${current.version}${current.assignee_name ? `, held by ${current.assignee_name}` : ''}). Reload and try again.`,
      current.assignee_name && current.assignee_id !== agent.agentId ? 'case_taken' : 'case_changed',
      current.assignee_name ? { assignee: current.assignee_name } : undefined,
    );
  }
  const changed = (await caseInTeam(tx, id, agent.teamId))!;
  if (resolves) await enqueueEvent(tx, { type: 'case.resolved', teamIds: [agent.teamId], data: caseFrom(changed), at: new Date() });
  return changed;
}

/** The notes of a case of the agent's team, newest first. */
export async function listNotes(db: Queryable, agent: AgentContext, caseId: string): Promise<NoteRow[]> {
  await teamCase(db, agent, caseId);
  return db.query<NoteRow>(`${NOTE_SELECT} WHERE n.case_id = $1 ORDER BY n.created_at DESC LIMIT 200`, [caseId]);
}

export async function addNote(tx: Queryable, agent: AgentContext, caseId: string, text: string): Promise<NoteRow> {
  await teamCase(tx, agent, caseId);
  const [created] = await tx.query<{ id: string }>('INSERT INTO notes (case_id, author_id, text) VALUES ($1, $2, $3) RETURNING id', [
    caseId,
    agent.agentId,
    text,
  ]);
  const [row] = await tx.query<NoteRow>(`${NOTE_SELECT} WHERE n.id = $1`, [created!.id]);
  return row!;
}
