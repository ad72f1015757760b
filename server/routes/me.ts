import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { MeSchema, type Me } from '../../utils/contract';
import type { Database } from '../db/database';
import type { AppEnv } from '../http';
import { jsonResponse, PROBLEMS } from './openapi';
import { listTiers } from '../tiers';

const route = createRoute({
  method: 'get',
  path: '/v1/me',
  summary: 'The signed-in agent, their team, handoff targets and the tier catalogue',
  responses: { 200: jsonResponse(MeSchema, 'The agent'), ...PROBLEMS },
});

export function registerMe(app: OpenAPIHono<AppEnv>, db: Database): void {
  app.openapi(route, async (c) => {
    const agent = c.get('agent');
    const targets = await db.query<{ id: string; name: string }>('SELECT id, name FROM teams WHERE id <> $1 ORDER BY name', [agent.teamId]);
    const me: Me = {
      agent: { id: agent.agentId, name: agent.agentName },
      team: {
        id: agent.teamId,
        name: agent.teamName,
        deadlines: { timeZone: agent.timeZone, firstResponseMinutes: agent.firstResponseMinutes, dayEndsAt: agent.dayEndsAt },
      },
      handoffTargets: targets,
      tiers: await listTiers(db),
    };
    return c.json(me, 200);
  });
}
