import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { HandoffCreateSchema, HandoffListSchema, HandoffPatchSchema, HandoffSchema, type HandoffStatus } from '../../utils/contract';
import { caseInTeam, openOrReuseCase } from '../cases';
import type { Database } from '../db/database';
import { handoffById, recordHandoff } from '../handoffs';
import { HttpProblem, type AppEnv } from '../http';
import { idempotentWrite } from '../idempotency';
import { HANDOFF_SELECT, handoffFrom, type HandoffRow } from '../rows';
import { IDEMPOTENCY_HEADER, jsonBody, jsonResponse, PROBLEMS, WRITE_PROBLEMS, untyped } from './openapi';

const createHandoff = createRoute({
  method: 'post',
  path: '/v1/handoffs',
  summary: "Hand a case (or a customer's conversation) to another team, with the transcript",
  request: { body: jsonBody(HandoffCreateSchema) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: { 201: jsonResponse(HandoffSchema, 'Handed off'), ...WRITE_PROBLEMS },
});

const listHandoffs = createRoute({
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
  responses: { 200: jsonResponse(HandoffListSchema, 'Handoffs, newest first'), ...PROBLEMS },
});

const patchHandoff = createRoute({
  method: 'patch',
  path: '/v1/handoffs/{id}',
  summary: 'Receiving team: accept or resolve. Sending team: cancel (Undo).',
  request: { params: z.object({ id: z.uuid() }), body: jsonBody(HandoffPatchSchema) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: { 200: jsonResponse(HandoffSchema, 'Changed'), 403: { description: 'Not your team’s change to make' }, ...WRITE_PROBLEMS },
});

/** Why a handoff cannot go from one status to another, or null when it can. */
function transitionRefusal(from: HandoffStatus, to: HandoffStatus): string | null {
  if (from === 'cancelled') return 'The sending team cancelled this handoff; nothing more can change on it.';
  if (to === 'cancelled' && from !== 'sent') return `The receiving team already ${from} this handoff; it can no longer be cancelled.`;
  if (from === 'resolved') return 'This handoff is already resolved.';
  return null;
}

export function registerHandoffs(app: OpenAPIHono<AppEnv>, db: Database): void {
  app.openapi(createHandoff, async (c) => {
    const body = c.req.valid('json');
    const agent = c.get('agent');
    return untyped(await idempotentWrite(c, db, body, async (tx) => {
      if (body.toTeamId === agent.teamId) throw new HttpProblem(422, 'Pick another team: a handoff goes to a different team.', [{ path: 'toTeamId', message: 'Your own team' }]);
      const [target] = await tx.query<{ id: string }>('SELECT id FROM teams WHERE id = $1', [body.toTeamId]);
      if (!target) throw new HttpProblem(422, 'No team with this id.', [{ path: 'toTeamId', message: 'Unknown team' }]);
      let caseRow = body.caseId ? await caseInTeam(tx, body.caseId, agent.teamId) : undefined;
      if (body.caseId && !caseRow) throw new HttpProblem(404, 'No such case in your team.');
      if (!caseRow && body.identity) {
        // The newest message names the case: it is the post the agent handed off from.
        const latest = body.transcript[body.transcript.length - 1];
        const reused = await openOrReuseCase(tx, db.engine, agent, {
          identity: body.identity,
          subject: (latest?.text ?? '').slice(0, 200) || `@${body.identity.handle}`,
          postUrl: latest?.url ?? null,
        });
        caseRow = reused.row;
      }
      if (!caseRow) throw new HttpProblem(400, 'Give the case (caseId) or the customer (identity) being handed off.');
      const handoff = await recordHandoff(tx, agent, {
        caseRow,
        toTeamId: body.toTeamId,
        reason: body.reason,
        preferredChannel: body.preferredChannel ?? null,
        transcript: body.transcript,
      });
      return { status: 201, body: handoffFrom(handoff) };
    }));
  });

  app.openapi(listHandoffs, async (c) => {
    const { box, status } = c.req.valid('query');
    const agent = c.get('agent');
    const column = box === 'inbox' ? 'h.to_team_id' : 'h.from_team_id';
    const statusFilter = {
      recent: `AND (h.status IN ('sent', 'accepted') OR h.updated_at > now() - interval '7 days')`,
      active: `AND h.status IN ('sent', 'accepted')`,
      all: '',
    }[status];
    const rows = await db.query<HandoffRow>(`${HANDOFF_SELECT} WHERE ${column} = $1 ${statusFilter} ORDER BY h.created_at DESC LIMIT 500`, [
      agent.teamId,
    ]);
    return c.json({ handoffs: rows.map(handoffFrom) }, 200);
  });

  app.openapi(patchHandoff, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const agent = c.get('agent');
    return untyped(await idempotentWrite(c, db, { id, ...body }, async (tx) => {
      const current = await handoffById(tx, id);
      if (!current || (current.to_team_id !== agent.teamId && current.from_team_id !== agent.teamId)) {
        throw new HttpProblem(404, 'No such handoff for your team.');
      }
      const receiving = current.to_team_id === agent.teamId;
      if (body.status === 'cancelled' && current.from_team_id !== agent.teamId) throw new HttpProblem(403, 'Only the sending team can cancel a handoff.');
      if (body.status !== 'cancelled' && !receiving) throw new HttpProblem(403, 'Only the receiving team can accept or resolve a handoff.');
      if (body.version !== undefined && body.version !== current.version) {
        throw new HttpProblem(409, `This handoff changed since you loaded it (now version ${current.version}).`);
      }
      if (body.status === current.status) return { status: 200, body: handoffFrom(current) };
      const refusal = transitionRefusal(current.status, body.status);
      if (refusal) throw new HttpProblem(409, refusal);
      await tx.query('UPDATE handoffs SET status = $2, version = version + 1, updated_at = now() WHERE id = $1', [id, body.status]);
      return { status: 200, body: handoffFrom((await handoffById(tx, id))!) };
    }));
  });
}
