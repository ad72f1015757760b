import { createRoute, z } from '@hono/zod-openapi';
import { ADMIN_PREFIX, TeamSettingsListSchema, TeamSettingsPatchSchema, TeamSettingsSchema } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { changeTeamSettings, listTeamSettings } from '../../domain/teams';
import { jsonBody, jsonResponse, problemResponse, router } from '../openapi';
import { HttpProblem } from '../problem';

const ADMIN_PROBLEMS = {
  400: problemResponse('Invalid request (per-field errors)'),
  401: problemResponse('No admin key and no Console session'),
  403: problemResponse('A Console session of an account that is not an admin, or without its X-Jetway-CSRF header'),
} as const;

const listTeamsRoute = createRoute({
  method: 'get',
  path: `${ADMIN_PREFIX}/teams`,
  summary: 'Every team with its deadline settings (time zone, first-response minutes, sundown local time)',
  responses: Object.assign({}, ADMIN_PROBLEMS, { 200: jsonResponse(TeamSettingsListSchema, 'The teams, by name') }),
});

const patchTeamRoute = createRoute({
  method: 'patch',
  path: `${ADMIN_PREFIX}/teams/{id}`,
  summary: "Set a team's deadline settings; open cases and handoffs keep their deadlines, new ones follow the new settings",
  request: { params: z.object({ id: z.uuid() }), body: jsonBody(TeamSettingsPatchSchema) },
  responses: Object.assign({}, ADMIN_PROBLEMS, {
    200: jsonResponse(TeamSettingsSchema, 'The team as changed'),
    404: problemResponse('No such team'),
  }),
});

/** The admin's Teams page: list the teams and set their deadline settings. */
export function adminTeamsRoutes(db: Database) {
  return router()
    .openapi(listTeamsRoute, async (c) => c.json({ teams: await listTeamSettings(db) }, 200))
    .openapi(patchTeamRoute, async (c) => {
      const team = await changeTeamSettings(db, c.req.valid('param').id, c.req.valid('json').deadlines);
      if (!team) throw new HttpProblem(404, 'No team with this id.');
      return c.json(team, 200);
    });
}
