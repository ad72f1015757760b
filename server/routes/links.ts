import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { LinkCreateSchema, LinkSchema } from '../../utils/contract';
import { audit } from '../audit';
import type { Database } from '../db/database';
import { HttpProblem, type AppEnv } from '../http';
import { idempotentWrite } from '../idempotency';
import { LINK_SELECT, linkFrom, type LinkRow } from '../rows';
import { IDEMPOTENCY_HEADER, jsonBody, jsonResponse, WRITE_PROBLEMS, untyped } from './openapi';

const createLink = createRoute({
  method: 'post',
  path: '/v1/links',
  summary: 'Link a handle to the member whose loyalty number the customer confirmed in private (audited)',
  request: { body: jsonBody(LinkCreateSchema) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: { 201: jsonResponse(LinkSchema, 'The new link'), ...WRITE_PROBLEMS },
});

const deleteLink = createRoute({
  method: 'delete',
  path: '/v1/links/{id}',
  summary: 'Unlink a handle from its member (audited)',
  request: { params: z.object({ id: z.uuid() }) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: { 204: { description: 'Unlinked' }, ...WRITE_PROBLEMS },
});

export function registerLinks(app: OpenAPIHono<AppEnv>, db: Database): void {
  app.openapi(createLink, async (c) => {
    const body = c.req.valid('json');
    const agent = c.get('agent');
    return untyped(await idempotentWrite(c, db, body, async (tx) => {
      const [member] = await tx.query<{ id: string }>('SELECT id FROM members WHERE upper(loyalty_number) = upper($1)', [body.loyaltyNumber]);
      // The same answer for a wrong number and an unknown one: the API is no oracle for loyalty numbers.
      if (!member) throw new HttpProblem(422, 'No member has this loyalty number. Check it with the customer in a private message.');
      const [existing] = await tx.query<{ id: string; member_id: string }>(
        'SELECT id, member_id FROM member_identities WHERE network = $1 AND handle = $2',
        [body.identity.network, body.identity.handle],
      );
      if (existing && existing.member_id !== member.id) {
        throw new HttpProblem(409, 'This handle is already linked to another member. Unlink it first.');
      }
      if (!existing) {
        await tx.query(
          `INSERT INTO member_identities (member_id, network, handle, source, created_by) VALUES ($1, $2, $3, 'link', $4)`,
          [member.id, body.identity.network, body.identity.handle, agent.agentId],
        );
      }
      const [row] = await tx.query<LinkRow>(`${LINK_SELECT} WHERE i.network = $1 AND i.handle = $2`, [body.identity.network, body.identity.handle]);
      await audit(tx, agent, 'link.create', { memberId: member.id, network: body.identity.network, handle: body.identity.handle });
      return { status: 201, body: linkFrom(row!) };
    }));
  });

  app.openapi(deleteLink, async (c) => {
    const { id } = c.req.valid('param');
    const agent = c.get('agent');
    return untyped(await idempotentWrite(c, db, { id }, async (tx) => {
      const [row] = await tx.query<{ member_id: string; network: string; handle: string }>(
        'DELETE FROM member_identities WHERE id = $1 RETURNING member_id, network, handle',
        [id],
      );
      if (!row) throw new HttpProblem(404, 'No such link.');
      await audit(tx, agent, 'link.delete', { memberId: row.member_id, network: row.network, handle: row.handle });
      return { status: 204, body: null };
    }));
  });
}
