import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { MeSchema, type Me } from '../../utils/contract';
import type { Database } from '../db/database';
import type { AppEnv } from '../http';
import { jsonResponse, PROBLEMS } from './openapi';
import { listTiers } from '../tiers';
import { teamDeadlineSettings } from '../cases';

const route = createRoute({
  method: 'get',
  path: '/v1/me',
  summary: 'The signed-in agent, their team, handoff targets and the tier catalogue',
  responses: { 200: jsonResponse(MeSchema, 'The agent'), ...PROBLEMS },
});

export function registerMe(app: OpenAPIHono<AppEnv>, db: Database): void {
  app.openapi(route, async (c) => {
    const agent = c.get('agent');
    const [targets, deadlines, tiers] = await Promise.all([
      db.query<{ id: string; name: string }>('SELECT id, name FROM teams WHERE id <> $1 ORDER BY name', [agent.teamId]),
      teamDeadlineSettings(db, agent.teamId),
      listTiers(db),
    ]);
    const me: Me = {
      agent: { id: agent.agentId, name: agent.agentName },
      team: { id: agent.teamId, name: agent.teamName, deadlines },
      handoffTargets: targets,
      tiers,
    };
    return c.json(me, 200);
  });
}
