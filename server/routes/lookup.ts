import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { LookupRequestSchema, LookupResponseSchema } from '../../utils/contract';
import type { Database } from '../db/database';
import type { AppEnv } from '../http';
import { lookupIdentities } from '../lookup';
import { jsonBody, jsonResponse, PROBLEMS } from './openapi';

const route = createRoute({
  method: 'post',
  path: '/v1/lookup',
  summary: 'Members and open cases for up to 100 handles',
  request: { body: jsonBody(LookupRequestSchema) },
  responses: { 200: jsonResponse(LookupResponseSchema, 'One result per distinct identity, in request order'), ...PROBLEMS },
});

export function registerLookup(app: OpenAPIHono<AppEnv>, db: Database): void {
  app.openapi(route, async (c) => {
    const { identities } = c.req.valid('json');
    const results = await lookupIdentities(db, c.get('agent').teamId, identities);
    return c.json({ results }, 200);
  });
}
