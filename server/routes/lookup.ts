import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { identityKey, LookupRequestSchema, LookupResponseSchema, type LookupResult } from '../../utils/contract';
import type { Database } from '../db/database';
import type { AppEnv } from '../http';
import { CASE_SELECT, MEMBER_COLUMNS, memberFrom, openCaseSummaryFrom, type CaseRow, type MemberRow } from '../rows';
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
    const agent = c.get('agent');
    const unique = [...new Map(identities.map((identity) => [identityKey(identity), identity])).values()];
    const xHandles = unique.filter((identity) => identity.network === 'x').map((identity) => identity.handle);
    const facebookHandles = unique.filter((identity) => identity.network === 'facebook').map((identity) => identity.handle);
    // Two indexed queries for the whole batch, never one per handle: `handle = ANY(…)` per
    // network uses the (network, handle) unique index and the open-case partial index.
    const [members, cases] = await Promise.all([
      db.query<MemberRow & { network: string; handle: string }>(
        `SELECT i.network, i.handle, ${MEMBER_COLUMNS}
           FROM member_identities i JOIN members m ON m.id = i.member_id
          WHERE (i.network = 'x' AND i.handle = ANY($1::text[])) OR (i.network = 'facebook' AND i.handle = ANY($2::text[]))`,
        [xHandles, facebookHandles],
      ),
      db.query<CaseRow>(
        `${CASE_SELECT}
          WHERE c.team_id = $1 AND c.status <> 'resolved'
            AND ((c.network = 'x' AND c.handle = ANY($2::text[])) OR (c.network = 'facebook' AND c.handle = ANY($3::text[])))
          ORDER BY c.opened_at DESC`,
        [agent.teamId, xHandles, facebookHandles],
      ),
    ]);
    const memberByKey = new Map(members.map((row) => [`${row.network}:${row.handle}`, memberFrom(row)]));
    const caseByKey = new Map<string, CaseRow>();
    for (const row of cases) {
      const key = `${row.network}:${row.handle}`;
      if (!caseByKey.has(key)) caseByKey.set(key, row);
    }
    const results: LookupResult[] = unique.map((identity) => {
      const key = identityKey(identity);
      const openCase = caseByKey.get(key);
      return {
        network: identity.network,
        handle: identity.handle,
        member: memberByKey.get(key) ?? null,
        openCase: openCase ? openCaseSummaryFrom(openCase) : null,
      };
    });
    return c.json({ results }, 200);
  });
}
