import { createRoute } from '@hono/zod-openapi';
import { DashboardQuerySchema, DashboardSchema } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { dashboard } from '../../domain/dashboard';
import { jsonResponse, problemResponse, readResponses, router } from '../openapi';

const dashboardRoute = createRoute({
  method: 'get',
  path: '/v1/dashboard',
  summary:
    "A team's dashboard for a period (leads: their team; admins: any): first responses by hour, case counts, handoffs by receiving team, tier mix, agent load",
  request: { query: DashboardQuerySchema },
  responses: readResponses({
    200: jsonResponse(DashboardSchema, 'The dashboard'),
    403: problemResponse('An agent, or a lead asking for another team'),
    404: problemResponse('No such team'),
    422: problemResponse('A custom period without its days, ending before it starts or longer than 92 days'),
  }),
});

export function dashboardRoutes(db: Database, clock: () => Date) {
  return router().openapi(dashboardRoute, async (c) => c.json(await dashboard(db, c.get('agent'), c.req.valid('query'), clock()), 200));
}
