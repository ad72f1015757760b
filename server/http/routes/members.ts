import { createRoute, z } from '@hono/zod-openapi';
import { MemberCardSchema } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { memberCard } from '../../domain/members/card';
import { jsonResponse, problemResponse, readResponses, router } from '../openapi';

const memberCardRoute = createRoute({
  method: 'get',
  path: '/v1/members/{id}',
  summary: "A member's card: linked handles, the team's cases, latest notes and handoffs (audited)",
  request: { params: z.object({ id: z.uuid() }) },
  responses: readResponses({
    200: jsonResponse(MemberCardSchema, 'The member card'),
    404: problemResponse('No such member'),
  }),
});

export function membersRoutes(db: Database) {
  return router().openapi(memberCardRoute, async (c) => c.json(await memberCard(db, c.get('agent'), c.req.valid('param').id), 200));
}
