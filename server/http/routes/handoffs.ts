import { createRoute, z } from '@hono/zod-openapi';
import {
  HandoffCreateSchema, HandoffDetailSchema, HandoffListSchema, HandoffPatchSchema, HandoffSchema, InboxPageSchema, InboxQuerySchema,
} from '../../../utils/contract';
import type { Database } from '../../db/database';
import { changeHandoff, handOff, handoffWithHistory, inbox, listHandoffs, readHandoff } from '../../domain/handoffs';
import { idempotentWrite } from '../idempotency';
import { IDEMPOTENCY_HEADER, jsonBody, jsonResponse, problemResponse, readResponses, router, writeResponses } from '../openapi';

const HandoffIdParams = z.object({ id: z.uuid() });

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
  summary: "Handoffs addressed to the caller's team (inbox) or sent by it (sent), each with its transcript and history",
  request: {
    query: z.object({
      box: z.enum(['inbox', 'sent']).default('inbox'),
      /** `recent` (default): open ones plus those changed in the last 7 days, so the sender sees the outcome. */
      status: z.enum(['recent', 'active', 'all']).default('recent'),
    }),
  },
  responses: readResponses({ 200: jsonResponse(HandoffListSchema, 'Handoffs, newest first') }),
});

const inboxRoute = createRoute({
  method: 'get',
  path: '/v1/handoffs/inbox',
  summary: "The receiving team's inbox, what is due first on top: filters, counts per status, keyset pages",
  request: { query: InboxQuerySchema },
  responses: readResponses({ 200: jsonResponse(InboxPageSchema, 'One page of the inbox') }),
});

const readHandoffRoute = createRoute({
  method: 'get',
  path: '/v1/handoffs/{id}',
  summary: 'One handoff with its transcript, history and the customer (sending or receiving team only; audited)',
  request: { params: HandoffIdParams },
  responses: readResponses({ 200: jsonResponse(HandoffDetailSchema, 'The handoff'), 404: problemResponse('Not a handoff your team sent or receives') }),
});

const patchHandoffRoute = createRoute({
  method: 'patch',
  path: '/v1/handoffs/{id}',
  summary: 'Receiving team: accept, resolve, send back or reassign. Sending team: cancel (Undo). Older form: { status }.',
  request: { params: HandoffIdParams, body: jsonBody(HandoffPatchSchema) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: writeResponses({
    200: jsonResponse(HandoffSchema, 'Changed'),
    403: problemResponse('Not your team’s change to make'),
  }),
});

export function handoffsRoutes(db: Database, clock: () => Date) {
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
        return { status: 201, body: await handoffWithHistory(tx, handoff) };
      });
    })
    .openapi(listHandoffsRoute, async (c) => {
      const { box, status } = c.req.valid('query');
      return c.json({ handoffs: await listHandoffs(db, c.get('agent'), box, status) }, 200);
    })
    // Before `/v1/handoffs/{id}`, which would otherwise take "inbox" for an id.
    .openapi(inboxRoute, async (c) => c.json(await inbox(db, c.get('agent'), c.req.valid('query'), clock()), 200))
    .openapi(readHandoffRoute, async (c) => c.json(await readHandoff(db, c.get('agent'), c.req.valid('param').id), 200))
    .openapi(patchHandoffRoute, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      return idempotentWrite(c, db, { id, ...body }, async (tx) => ({
        status: 200,
        body: await handoffWithHistory(tx, await changeHandoff(tx, c.get('agent'), id, body, clock())),
      }));
    });
}
