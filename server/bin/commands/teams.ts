import { parseArgs } from 'node:util';
import { ADMIN_PREFIX, DeadlineSettingsSchema, TeamSettingsListSchema, TeamSettingsSchema, type TeamSettings, type TeamSettingsPatch } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { changeTeamSettingsAudited, listTeamSettings } from '../../domain/teams';
import type { AdminCall } from './admin-call';
import { CommandUsageError } from './usage';

export const TEAMS_USAGE = `  teams list                              every team: time zone, first-response minutes, sundown, the teams it hands off to
  teams set --team TEAM                   change a team's settings (only what is given changes):
      [--time-zone ZONE] [--first-response-minutes N] [--sundown HH:MM]
      [--hands-off-to "TEAM,TEAM"]        the teams its agents may hand off to ("" for none)`;

/** Where the teams are: the database itself, or a server's admin API. */
export interface TeamsStore {
  list(): Promise<TeamSettings[]>;
  change(teamId: string, patch: TeamSettingsPatch): Promise<TeamSettings>;
}

export function localTeams(db: Database): TeamsStore {
  return {
    list: () => listTeamSettings(db),
    async change(teamId, patch) {
      const team = await changeTeamSettingsAudited(db, null, teamId, patch);
      if (!team) throw new Error('That team no longer exists.');
      return team;
    },
  };
}

export function serverTeams(call: AdminCall): TeamsStore {
  return {
    list: async () => TeamSettingsListSchema.parse(await call('GET', `${ADMIN_PREFIX}/teams`)).teams,
    change: async (teamId, patch) => TeamSettingsSchema.parse(await call('PATCH', `${ADMIN_PREFIX}/teams/${teamId}`, patch)),
  };
}

/** The team of this name among `teams` (names as the CLI and the Console show them), or a refusal naming them. */
export function teamNamed(teams: readonly TeamSettings[], name: string): TeamSettings {
  const team = teams.find((candidate) => candidate.name === name.trim());
  if (!team) throw new Error(`No team named "${name}". The teams: ${teams.map((each) => each.name).join(', ') || 'none yet'}.`);
  return team;
}

function describe(team: TeamSettings): string {
  const { timeZone, firstResponseMinutes, dayEndsAt } = team.deadlines;
  const targets = team.handoffTargets.map((target) => target.name).join(', ') || 'no team';
  return `${team.name}\t${timeZone}\tfirst response ${firstResponseMinutes} min\tsundown ${dayEndsAt}\thands off to ${targets}`;
}

/** `teams list | set`; each line of output goes to `print`. */
export async function teamsCommand(store: TeamsStore, sub: string | undefined, args: string[], print: (line: string) => void): Promise<number> {
  if (sub === 'list') {
    const teams = await store.list();
    for (const team of teams) print(describe(team));
    print(`${teams.length} teams.`);
    return 0;
  }
  if (sub !== 'set') throw new CommandUsageError(sub ? `unknown command "teams ${sub}"` : 'teams needs list or set');
  const { values } = parseArgs({
    args,
    options: {
      team: { type: 'string' },
      'time-zone': { type: 'string' },
      'first-response-minutes': { type: 'string' },
      sundown: { type: 'string' },
      'hands-off-to': { type: 'string' },
    },
  });
  if (!values.team) throw new CommandUsageError('teams set needs --team');
  const deadlineGiven = values['time-zone'] !== undefined || values['first-response-minutes'] !== undefined || values.sundown !== undefined;
  if (!deadlineGiven && values['hands-off-to'] === undefined) {
    throw new CommandUsageError('teams set needs --time-zone, --first-response-minutes, --sundown or --hands-off-to');
  }
  const teams = await store.list();
  const team = teamNamed(teams, values.team);
  const patch: TeamSettingsPatch = {};
  if (deadlineGiven) {
    const minutes = values['first-response-minutes'];
    if (minutes !== undefined && !/^\d{1,6}$/.test(minutes.trim())) throw new CommandUsageError(`--first-response-minutes must be a whole number of minutes, not "${minutes}"`);
    const deadlines = DeadlineSettingsSchema.safeParse({
      timeZone: values['time-zone']?.trim() ?? team.deadlines.timeZone,
      firstResponseMinutes: minutes === undefined ? team.deadlines.firstResponseMinutes : Number(minutes),
      dayEndsAt: values.sundown?.trim() ?? team.deadlines.dayEndsAt,
    });
    if (!deadlines.success) throw new CommandUsageError(deadlines.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    patch.deadlines = deadlines.data;
  }
  if (values['hands-off-to'] !== undefined) {
    const names = values['hands-off-to'].split(',').map((name) => name.trim()).filter(Boolean);
    patch.handoffTargetIds = names.map((name) => teamNamed(teams, name).id);
  }
  const changed = await store.change(team.id, patch);
  print(`Saved. ${describe(changed)}`);
  return 0;
}
