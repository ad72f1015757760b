import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PREFIX, TierListSchema, TiersChangeSchema } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { auditChange } from '../../domain/audit';
import { changeTiers, listTiers } from '../../domain/tiers';
import { jsonBody, jsonResponse, problemResponse, router } from '../openapi';
import { adminAccount } from './admin-agents';

const ADMIN_PROBLEMS = {
  400: problemResponse('Invalid request (per-field errors)'),
  401: problemResponse('No admin key and no Console session'),
  403: problemResponse('A Console session of an account that is not an admin, or without its X-Jetway-CSRF header'),
} as const;

const listTiersRoute = createRoute({
  method: 'get',
  path: `${ADMIN_PREFIX}/tiers`,
  summary: 'The tier catalogue, lowest first: names, badge labels, colours',
  responses: Object.assign({}, ADMIN_PROBLEMS, { 200: jsonResponse(TierListSchema, 'The tiers, lowest first') }),
});

const changeTiersRoute = createRoute({
  method: 'put',
  path: `${ADMIN_PREFIX}/tiers`,
  summary: "Rename, recolour and reorder the tiers: every tier once, lowest first; badges and the Console show the change on their next read of /v1/me",
  request: { body: jsonBody(TiersChangeSchema) },
  responses: Object.assign({}, ADMIN_PROBLEMS, {
    200: jsonResponse(TierListSchema, 'The catalogue as changed'),
    422: problemResponse('A tier missing, unknown or twice, two tiers of one name, or an empty name or label'),
  }),
});

/** The admin's Tiers page. */
export function adminTiersRoutes(db: Database) {
  return router()
    .openapi(listTiersRoute, async (c) => c.json({ tiers: await listTiers(db) }, 200))
    .openapi(changeTiersRoute, async (c) => {
      const change = c.req.valid('json');
      const tiers = await db.transaction(async (tx) => {
        const { before, after } = await changeTiers(tx, change);
        await auditChange(tx, adminAccount(c.get('admin')), 'tiers.change', { before, after });
        return after;
      });
      return c.json({ tiers }, 200);
    });
}
