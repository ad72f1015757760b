import { createRoute } from '@hono/zod-openapi';
import { MeSchema, type Me } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { handoffTargets as handoffTargetsOf, teamDeadlineSettings } from '../../domain/teams';
import { listTiers } from '../../domain/tiers';
import { jsonResponse, readResponses, router } from '../openapi';

const meRoute = createRoute({
  method: 'get',
  path: '/v1/me',
  summary: "The signed-in agent, their team, the teams it hands off to (set by an admin; by name, the first is the default) and the tier catalogue",
  responses: readResponses({ 200: jsonResponse(MeSchema, 'The agent') }),
});

export function meRoutes(db: Database) {
  return router().openapi(meRoute, async (c) => {
    const agent = c.get('agent');
    const [handoffTargets, deadlines, tiers] = await Promise.all([handoffTargetsOf(db, agent.teamId), teamDeadlineSettings(db, agent.teamId), listTiers(db)]);
    const me: Me = {
      agent: { id: agent.agentId, name: agent.agentName },
      role: agent.role,
      team: { id: agent.teamId, name: agent.teamName, deadlines },
      handoffTargets,
      tiers,
    };
    return c.json(me, 200);
  });
}
