import { createRoute, z } from '@hono/zod-openapi';
import {
  ADMIN_PREFIX, TeamSettingsListSchema, TeamSettingsPatchSchema, TeamSettingsSchema, TeamWebhooksSchema, WebhookEndpointCreatedSchema,
  WebhookEndpointCreateSchema, WebhookSecretSchema,
} from '../../../utils/contract';
import type { Database } from '../../db/database';
import { changeTeamSettingsAudited, listTeamSettings, teamExists } from '../../domain/teams';
import { addEndpoint, listEndpoints, removeEndpoint, rotateSecret } from '../../domain/webhooks/endpoints';
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

const TeamParams = z.object({ id: z.uuid() });
const TeamEndpointParams = z.object({ id: z.uuid(), endpointId: z.uuid() });
const NO_TEAM = problemResponse('No such team, or no such endpoint of it');

const listWebhooksRoute = createRoute({
  method: 'get',
  path: `${ADMIN_PREFIX}/teams/{id}/webhooks`,
  summary: "A team's webhook endpoints (the CLI's `webhooks list`; a team's leads see them at /v1/webhooks)",
  request: { params: TeamParams },
  responses: Object.assign({}, ADMIN_PROBLEMS, { 200: jsonResponse(TeamWebhooksSchema, 'The endpoints, oldest first'), 404: NO_TEAM }),
});

const addWebhookRoute = createRoute({
  method: 'post',
  path: `${ADMIN_PREFIX}/teams/{id}/webhooks`,
  summary: "Register an endpoint for a team (https; http only on loopback); the signing secret is shown this once",
  request: { params: TeamParams, body: jsonBody(WebhookEndpointCreateSchema) },
  responses: Object.assign({}, ADMIN_PROBLEMS, { 201: jsonResponse(WebhookEndpointCreatedSchema, 'Registered'), 404: NO_TEAM }),
});

const removeWebhookRoute = createRoute({
  method: 'delete',
  path: `${ADMIN_PREFIX}/teams/{id}/webhooks/{endpointId}`,
  summary: "Remove a team's endpoint and what was still to be delivered to it",
  request: { params: TeamEndpointParams },
  responses: Object.assign({}, ADMIN_PROBLEMS, { 204: { description: 'Removed' }, 404: NO_TEAM }),
});

const rotateWebhookRoute = createRoute({
  method: 'post',
  path: `${ADMIN_PREFIX}/teams/{id}/webhooks/{endpointId}/rotate-secret`,
  summary: "A new signing secret for a team's endpoint (the old one stops at once); a disabled endpoint is enabled again",
  request: { params: TeamEndpointParams },
  responses: Object.assign({}, ADMIN_PROBLEMS, { 200: jsonResponse(WebhookSecretSchema, 'The new secret, shown this once'), 404: NO_TEAM }),
});

/** The admin's Teams page and the CLI's `teams` and `webhooks` commands. */
export function adminTeamsRoutes(db: Database) {
  /** The team's id, or 404: a team's webhooks are asked for by the team. */
  const existing = async (teamId: string) => {
    if (!(await teamExists(db, teamId))) throw new HttpProblem(404, 'No team with this id.');
    return teamId;
  };
  return router()
    .openapi(listTeamsRoute, async (c) => c.json({ teams: await listTeamSettings(db) }, 200))
    .openapi(patchTeamRoute, async (c) => {
      const team = await changeTeamSettingsAudited(db, adminAccount(c.get('admin')), c.req.valid('param').id, c.req.valid('json'));
      if (!team) throw new HttpProblem(404, 'No team with this id.');
      return c.json(team, 200);
    })
    .openapi(listWebhooksRoute, async (c) => c.json({ endpoints: await listEndpoints(db, await existing(c.req.valid('param').id)) }, 200))
    .openapi(addWebhookRoute, async (c) => c.json(await addEndpoint(db, await existing(c.req.valid('param').id), c.req.valid('json')), 201))
    .openapi(removeWebhookRoute, async (c) => {
      const { id, endpointId } = c.req.valid('param');
      await removeEndpoint(db, await existing(id), endpointId);
      return c.body(null, 204);
    })
    .openapi(rotateWebhookRoute, async (c) => {
      const { id, endpointId } = c.req.valid('param');
      return c.json({ secret: await rotateSecret(db, await existing(id), endpointId) }, 200);
    });
}
