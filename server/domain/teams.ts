import { DEFAULT_DEADLINE_SETTINGS, type DeadlineSettings, type Ref, type TeamSettings, type TeamSettingsPatch } from '../../utils/contract';
import type { Database, Queryable } from '../db/database';
import type { AgentContext } from './agents';
import { auditChange } from './audit';
import { invalid } from './errors';

/**
 * The team's id, creating the team (with the given time zone) when it does not exist yet.
 * A new team hands off to every existing team and every existing team to it, as before
 * targets could be chosen; an admin narrows them on the Teams page.
 */
export async function ensureTeam(db: Queryable | Database, name: string, timeZone = DEFAULT_DEADLINE_SETTINGS.timeZone): Promise<string> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A team needs a name.');
  const [existing] = await db.query<{ id: string }>('SELECT id FROM teams WHERE name = $1', [trimmed]);
  if (existing) return existing.id;
  return 'transaction' in db ? db.transaction((tx) => createTeam(tx, trimmed, timeZone)) : createTeam(db, trimmed, timeZone);
}

/**
 * In a transaction: teams are created one at a time (the lock lasts until commit), so two
 * teams created at the same moment on two replicas still become each other's targets.
 */
async function createTeam(tx: Queryable, name: string, timeZone: string): Promise<string> {
  await tx.query('LOCK TABLE teams IN SHARE ROW EXCLUSIVE MODE');
  const [created] = await tx.query<{ id: string }>('INSERT INTO teams (name, time_zone) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id', [
    name,
    timeZone,
  ]);
  if (!created) return (await tx.query<{ id: string }>('SELECT id FROM teams WHERE name = $1', [name]))[0]!.id;
  await tx.query(
    `INSERT INTO team_handoff_targets (team_id, target_team_id)
     SELECT $1::uuid, id FROM teams WHERE id <> $1::uuid
     UNION ALL
     SELECT id, $1::uuid FROM teams WHERE id <> $1::uuid`,
    [created.id],
  );
  return created.id;
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

/** Every team but this one, by name: whom a team may hear from (inbox filter, dashboard). */
export async function otherTeams(db: Queryable, teamId: string): Promise<Ref[]> {
  return db.query<Ref>('SELECT id, name FROM teams WHERE id <> $1 ORDER BY name', [teamId]);
}

/** The teams this team hands off to, by name: the first is an agent's default target. */
export async function handoffTargets(db: Queryable, teamId: string): Promise<Ref[]> {
  return db.query<Ref>(
    `SELECT t.id, t.name FROM team_handoff_targets h JOIN teams t ON t.id = h.target_team_id
      WHERE h.team_id = $1 ORDER BY t.name`,
    [teamId],
  );
}

/** Whether the team hands off to the target team (never to itself). */
export async function isHandoffTarget(db: Queryable, teamId: string, targetTeamId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM team_handoff_targets WHERE team_id = $1 AND target_team_id = $2', [teamId, targetTeamId])).length > 0;
}

export async function teamExists(db: Queryable, teamId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM teams WHERE id = $1', [teamId])).length > 0;
}

interface TeamSettingsRow {
  id: string;
  name: string;
  time_zone: string;
  first_response_minutes: number;
  day_ends_at: string;
}

const TEAM_SETTINGS_COLUMNS = 'id, name, time_zone, first_response_minutes, day_ends_at';

/** The teams with their settings and targets, by name; only the given teams when `ids` is set. */
async function teamSettings(db: Queryable, ids?: string[]): Promise<TeamSettings[]> {
  const only = ids === undefined ? '' : 'WHERE id = ANY($1::uuid[])';
  const rows = await db.query<TeamSettingsRow>(`SELECT ${TEAM_SETTINGS_COLUMNS} FROM teams ${only} ORDER BY name`, ids === undefined ? [] : [ids]);
  const targets = await db.query<{ team_id: string; id: string; name: string }>(
    `SELECT h.team_id, t.id, t.name FROM team_handoff_targets h JOIN teams t ON t.id = h.target_team_id
      ${ids === undefined ? '' : 'WHERE h.team_id = ANY($1::uuid[])'} ORDER BY t.name`,
    ids === undefined ? [] : [ids],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    deadlines: { timeZone: row.time_zone, firstResponseMinutes: row.first_response_minutes, dayEndsAt: row.day_ends_at },
    handoffTargets: targets.filter((target) => target.team_id === row.id).map((target) => ({ id: target.id, name: target.name })),
  }));
}

/** Every team with its deadline settings and handoff targets, by name: the admin's Teams page. */
export async function listTeamSettings(db: Queryable): Promise<TeamSettings[]> {
  return teamSettings(db);
}

/** Refuses a target that is the team itself or no team, naming each bad entry. */
async function checkTargets(db: Queryable, teamId: string, targetIds: readonly string[]): Promise<void> {
  const own = targetIds.findIndex((id) => id === teamId);
  if (own >= 0) {
    throw invalid('A team cannot hand off to itself.', [{ path: `handoffTargetIds.${own}`, message: 'The team itself' }], 'handoff_own_team');
  }
  const known = new Set((await db.query<{ id: string }>('SELECT id FROM teams WHERE id = ANY($1::uuid[])', [targetIds])).map((row) => row.id));
  const unknown = targetIds.flatMap((id, index) => (known.has(id) ? [] : [{ path: `handoffTargetIds.${index}`, message: 'Unknown team' }]));
  if (unknown.length > 0) throw invalid('No team with this id.', unknown, 'team_not_found');
}

/**
 * Sets a team's deadline settings, its handoff targets, or both; answers the team before
 * and after (null when there is no such team). Cases and handoffs already open keep the
 * deadlines they were given; the new settings apply from the next one. Handoffs already
 * sent stay where they are; the targets apply from the next one. Run it in a transaction.
 */
export async function changeTeamSettings(tx: Queryable, teamId: string, patch: TeamSettingsPatch): Promise<{ before: TeamSettings; after: TeamSettings } | null> {
  const [before] = await teamSettings(tx, [teamId]);
  if (!before) return null;
  if (patch.deadlines) {
    const { timeZone, firstResponseMinutes, dayEndsAt } = patch.deadlines;
    await tx.query('UPDATE teams SET time_zone = $2, first_response_minutes = $3, day_ends_at = $4 WHERE id = $1', [teamId, timeZone, firstResponseMinutes, dayEndsAt]);
  }
  if (patch.handoffTargetIds) {
    await checkTargets(tx, teamId, patch.handoffTargetIds);
    const targetIds = [...new Set(patch.handoffTargetIds)];
    await tx.query('DELETE FROM team_handoff_targets WHERE team_id = $1', [teamId]);
    await tx.query('INSERT INTO team_handoff_targets (team_id, target_team_id) SELECT $1, unnest($2::uuid[])', [teamId, targetIds]);
  }
  const [after] = await teamSettings(tx, [teamId]);
  return { before, after: after! };
}

/** What the audit log keeps of a team's settings: deadlines and targets by name (ids may be looked up). */
const audited = (team: TeamSettings) => ({ deadlines: team.deadlines, handoffTargets: team.handoffTargets.map((target) => target.name) });

/**
 * `changeTeamSettings` in its own transaction, audited as `team.change` (before and
 * after): by an admin's account, or null for the admin key and the command line.
 */
export async function changeTeamSettingsAudited(db: Database, by: AgentContext | null, teamId: string, patch: TeamSettingsPatch): Promise<TeamSettings | null> {
  return db.transaction(async (tx) => {
    const changed = await changeTeamSettings(tx, teamId, patch);
    if (!changed) return null;
    const { before, after } = changed;
    await auditChange(tx, by, 'team.change', { teamId, teamName: after.name, before: audited(before), after: audited(after) });
    return after;
  });
}
