import { DEFAULT_DEADLINE_SETTINGS, type DeadlineSettings, type Ref, type TeamSettings } from '../../utils/contract';
import type { Queryable } from '../db/database';

/** The team's id, creating the team (with the given time zone) when it does not exist yet. */
export async function ensureTeam(db: Queryable, name: string, timeZone = DEFAULT_DEADLINE_SETTINGS.timeZone): Promise<string> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A team needs a name.');
  await db.query('INSERT INTO teams (name, time_zone) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [trimmed, timeZone]);
  const [row] = await db.query<{ id: string }>('SELECT id FROM teams WHERE name = $1', [trimmed]);
  return row!.id;
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

/** Every team but this one, by name: the handoff targets, the first being the default. */
export async function otherTeams(db: Queryable, teamId: string): Promise<Ref[]> {
  return db.query<Ref>('SELECT id, name FROM teams WHERE id <> $1 ORDER BY name', [teamId]);
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

const teamSettingsFrom = (row: TeamSettingsRow): TeamSettings => ({
  id: row.id,
  name: row.name,
  deadlines: { timeZone: row.time_zone, firstResponseMinutes: row.first_response_minutes, dayEndsAt: row.day_ends_at },
});

/** Every team with its deadline settings, by name: the admin's Teams page. */
export async function listTeamSettings(db: Queryable): Promise<TeamSettings[]> {
  const rows = await db.query<TeamSettingsRow>('SELECT id, name, time_zone, first_response_minutes, day_ends_at FROM teams ORDER BY name');
  return rows.map(teamSettingsFrom);
}

/**
 * Sets a team's deadline settings. Cases and handoffs already open keep the deadlines they
 * were given; the new settings apply from the next one.
 */
export async function changeTeamSettings(db: Queryable, teamId: string, deadlines: DeadlineSettings): Promise<TeamSettings | null> {
  const [row] = await db.query<TeamSettingsRow>(
    `UPDATE teams SET time_zone = $2, first_response_minutes = $3, day_ends_at = $4 WHERE id = $1
     RETURNING id, name, time_zone, first_response_minutes, day_ends_at`,
    [teamId, deadlines.timeZone, deadlines.firstResponseMinutes, deadlines.dayEndsAt],
  );
  return row ? teamSettingsFrom(row) : null;
}
