import { createRoute, z } from '@hono/zod-openapi';
import { LinkCreateSchema, LinkSchema } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { auditFailedLink, linkHandle, releaseLinkAttempt, takeLinkAttempt, UnknownLoyaltyNumber, unlinkHandle, type LinkAttemptLimits } from '../../domain/links';
import { linkFrom } from '../../domain/rows';
import { idempotentWrite } from '../idempotency';
import { IDEMPOTENCY_HEADER, jsonBody, jsonResponse, router, writeResponses } from '../openapi';

const createLinkRoute = createRoute({
  method: 'post',
  path: '/v1/links',
  summary:
    'Link a handle to the member whose loyalty number the customer confirmed in private (audited; after 10 unknown numbers in 10 minutes an agent gets 429 with Retry-After)',
  request: { body: jsonBody(LinkCreateSchema) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: writeResponses({ 201: jsonResponse(LinkSchema, 'The new link') }),
});

const deleteLinkRoute = createRoute({
  method: 'delete',
  path: '/v1/links/{id}',
  summary: 'Unlink a handle from its member (audited): the linking team, a lead or an admin; imported links only an admin',
  request: { params: z.object({ id: z.uuid() }) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: writeResponses({ 204: { description: 'Unlinked' } }),
});

export function linksRoutes(db: Database, clock: () => Date, limits?: LinkAttemptLimits) {
  return router()
    .openapi(createLinkRoute, async (c) => {
      const body = c.req.valid('json');
      const agent = c.get('agent');
      const attempt = await takeLinkAttempt(db, agent, clock(), limits);
      let failed = false;
      try {
        return await idempotentWrite(c, db, body, async (tx) => ({ status: 201, body: linkFrom(await linkHandle(tx, agent, body)) }));
      } catch (error) {
        // Audited outside the write's transaction, which the failure rolls back.
        failed = error instanceof UnknownLoyaltyNumber;
        if (failed) await auditFailedLink(db, agent, body.identity);
        throw error;
      } finally {
        if (!failed) await releaseLinkAttempt(db, attempt);
      }
    })
    .openapi(deleteLinkRoute, async (c) => {
      const { id } = c.req.valid('param');
      return idempotentWrite(c, db, { id }, async (tx) => {
        await unlinkHandle(tx, c.get('agent'), id);
        return { status: 204, body: null };
      });
    });
}
