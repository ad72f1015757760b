import { createRoute, z } from '@hono/zod-openapi';
import { HandoffCreateSchema, HandoffListSchema, HandoffPatchSchema, HandoffSchema } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { changeHandoffStatus, handOff, listHandoffs } from '../../domain/handoffs';
import { handoffFrom } from '../../domain/rows';
import { idempotentWrite } from '../idempotency';
import { IDEMPOTENCY_HEADER, jsonBody, jsonResponse, problemResponse, readResponses, router, writeResponses } from '../openapi';

const createHandoffRoute = createRoute({
  method: 'post',
  path: '/v1/handoffs',
  summary: "Hand a case (or a customer's conversation) to another team, with the transcript; the preferred channel is the member's own",
  request: { body: jsonBody(HandoffCreateSchema) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: writeResponses({ 201: jsonResponse(HandoffSchema, 'Handed off') }),
});

const listHandoffsRoute = createRoute({
  method: 'get',
  path: '/v1/handoffs',
  summary: "Handoffs addressed to the caller's team (inbox) or sent by it (sent)",
  request: {
    query: z.object({
      box: z.enum(['inbox', 'sent']).default('inbox'),
      /** `recent` (default): open ones plus those closed in the last 7 days, so the sender sees the outcome. */
      status: z.enum(['recent', 'active', 'all']).default('recent'),
    }),
  },
  responses: readResponses({ 200: jsonResponse(HandoffListSchema, 'Handoffs, newest first') }),
});

const patchHandoffRoute = createRoute({
  method: 'patch',
  path: '/v1/handoffs/{id}',
  summary: 'Receiving team: accept or resolve. Sending team: cancel (Undo).',
  request: { params: z.object({ id: z.uuid() }), body: jsonBody(HandoffPatchSchema) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: writeResponses({
    200: jsonResponse(HandoffSchema, 'Changed'),
    403: problemResponse('Not your team’s change to make'),
  }),
});

export function handoffsRoutes(db: Database) {
  return router()
    .openapi(createHandoffRoute, async (c) => {
      const body = c.req.valid('json');
      const agent = c.get('agent');
      return idempotentWrite(c, db, body, async (tx) => {
        // `preferredChannel` in the request is deprecated and ignored: the member's own is used.
        const handoff = await handOff(tx, db.engine, agent, {
          caseId: body.caseId,
          identity: body.identity,
          toTeamId: body.toTeamId,
          reason: body.reason,
          transcript: body.transcript,
        });
        return { status: 201, body: handoffFrom(handoff) };
      });
    })
    .openapi(listHandoffsRoute, async (c) => {
      const { box, status } = c.req.valid('query');
      const rows = await listHandoffs(db, c.get('agent'), box, status);
      return c.json({ handoffs: rows.map(handoffFrom) }, 200);
    })
    .openapi(patchHandoffRoute, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      return idempotentWrite(c, db, { id, ...body }, async (tx) => ({
        status: 200,
        body: handoffFrom(await changeHandoffStatus(tx, c.get('agent'), id, body)),
      }));
    });
}
