import { createRoute } from '@hono/zod-openapi';
import { LookupRequestSchema, LookupResponseSchema } from '../../../utils/contract';
import type { Database } from '../../db/database';
import type { HourlyAuditWriter } from '../../domain/audit';
import { lookupForAgent } from '../../domain/lookup';
import { jsonBody, jsonResponse, readResponses, router } from '../openapi';

const lookupRoute = createRoute({
  method: 'post',
  path: '/v1/lookup',
  summary: 'Members and open cases for up to 100 handles (each member shown is audited, once per agent and hour)',
  request: { body: jsonBody(LookupRequestSchema) },
  responses: readResponses({ 200: jsonResponse(LookupResponseSchema, 'One result per distinct identity, in request order') }),
});

export function lookupRoutes(db: Database, audit: HourlyAuditWriter) {
  return router().openapi(lookupRoute, async (c) => {
    const { identities } = c.req.valid('json');
    const results = await lookupForAgent(db, audit, c.get('agent'), identities);
    return c.json({ results }, 200);
  });
}
