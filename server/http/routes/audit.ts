import { createRoute } from '@hono/zod-openapi';
import { AuditAgentsSchema, AuditPageSchema, AuditQuerySchema } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { auditAgents, auditLog } from '../../domain/audit-log';
import { jsonResponse, problemResponse, readResponses, router } from '../openapi';

const auditRoute = createRoute({
  method: 'get',
  path: '/v1/audit',
  summary: 'The audit log, newest first (admins: everyone; leads: their team), filtered by agent, member, action and period, paged by `after`',
  request: { query: AuditQuerySchema },
  responses: readResponses({
    200: jsonResponse(AuditPageSchema, 'A page of entries and the `after` of the next'),
    403: problemResponse('An agent (the log is for leads and admins)'),
    422: problemResponse('An `after` that is no page of the log'),
  }),
});

const auditAgentsRoute = createRoute({
  method: 'get',
  path: '/v1/audit/agents',
  summary: "The agents the caller may filter the audit log by (leads: their team's; admins: everyone)",
  responses: readResponses({
    200: jsonResponse(AuditAgentsSchema, 'The agents, by team and name'),
    403: problemResponse('An agent (the log is for leads and admins)'),
  }),
});

/** The Console's Audit log page (append-only: there is nothing here to change). */
export function auditRoutes(db: Database) {
  return router()
    .openapi(auditRoute, async (c) => c.json(await auditLog(db, c.get('agent'), c.req.valid('query')), 200))
    .openapi(auditAgentsRoute, async (c) => c.json({ agents: await auditAgents(db, c.get('agent')) }, 200));
}
