import { createRoute, z } from '@hono/zod-openapi';
import { ADMIN_PREFIX, TeamSettingsListSchema, TeamSettingsPatchSchema, TeamSettingsSchema, type TeamSettings } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { auditChange } from '../../domain/audit';
import { changeTeamSettings, listTeamSettings } from '../../domain/teams';
import { jsonBody, jsonResponse, problemResponse, router } from '../openapi';
import { HttpProblem } from '../problem';
import { adminAccount } from './admin-agents';

const ADMIN_PROBLEMS = {
  400: problemResponse('Invalid request (per-field errors)'),
  401: problemResponse('No admin key and no Console session'),
  403: problemResponse('A Console session of an account that is not an admin, or without its X-Jetway-CSRF header'),
} as const;

const listTeamsRoute = createRoute({
  method: 'get',
  path: `${ADMIN_PREFIX}/teams`,
  summary: 'Every team with its deadline settings (time zone, first-response minutes, sundown local time) and the teams it hands off to',
  responses: Object.assign({}, ADMIN_PROBLEMS, { 200: jsonResponse(TeamSettingsListSchema, 'The teams, by name') }),
});

const patchTeamRoute = createRoute({
  method: 'patch',
  path: `${ADMIN_PREFIX}/teams/{id}`,
  summary:
    "Set a team's deadline settings, the teams it hands off to (`handoffTargetIds`), or both; audited. Open cases and handoffs keep their deadlines and " +
    'handoffs already sent stay where they are; new ones follow the new settings',
  request: { params: z.object({ id: z.uuid() }), body: jsonBody(TeamSettingsPatchSchema) },
  responses: Object.assign({}, ADMIN_PROBLEMS, {
    200: jsonResponse(TeamSettingsSchema, 'The team as changed'),
    404: problemResponse('No such team'),
    422: problemResponse('A handoff target that is the team itself (`handoff_own_team`) or no team (`team_not_found`), per field'),
  }),
});

/** What the audit log keeps of a team's settings: deadlines and targets by name (ids may be looked up). */
const audited = (team: TeamSettings) => ({ deadlines: team.deadlines, handoffTargets: team.handoffTargets.map((target) => target.name) });

/** The admin's Teams page: list the teams and set their deadline settings and handoff targets. */
export function adminTeamsRoutes(db: Database) {
  return router()
    .openapi(listTeamsRoute, async (c) => c.json({ teams: await listTeamSettings(db) }, 200))
    .openapi(patchTeamRoute, async (c) => {
      const teamId = c.req.valid('param').id;
      const team = await db.transaction(async (tx) => {
        const changed = await changeTeamSettings(tx, teamId, c.req.valid('json'));
        if (!changed) return null;
        const { before, after } = changed;
        await auditChange(tx, adminAccount(c.get('admin')), 'team.change', { teamId, teamName: after.name, before: audited(before), after: audited(after) });
        return after;
      });
      if (!team) throw new HttpProblem(404, 'No team with this id.');
      return c.json(team, 200);
    });
}
