import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CaseCreateSchema, CaseListSchema, CasePatchSchema, CaseSchema, NoteCreateSchema, NoteSchema } from '../../utils/contract';
import { caseInTeam, openOrReuseCase } from '../cases';
import type { Database } from '../db/database';
import { HttpProblem, type AppEnv } from '../http';
import { idempotentWrite } from '../idempotency';
import { CASE_SELECT, caseFrom, NOTE_SELECT, noteFrom, type CaseRow, type NoteRow } from '../rows';
import { IDEMPOTENCY_HEADER, IF_MATCH_HEADER, jsonBody, jsonResponse, PROBLEM_CONTENT, PROBLEMS, WRITE_PROBLEMS, untyped } from './openapi';

const CaseIdParams = z.object({ id: z.uuid() });

/**
 * The contract's patch with `version` optional: the version may come as `If-Match: "3"`
 * instead (HTTP's own precondition), but one of the two is required.
 */
const CasePatchRequestSchema = z
  .object({ ...CasePatchSchema.shape, version: CasePatchSchema.shape.version.optional() })
  .refine((patch) => patch.status !== undefined || patch.assignee !== undefined || patch.firstResponded, {
    message: 'Nothing to change: give status, assignee or firstResponded',
  });

/** The version an `If-Match` names (`"3"`, `W/"3"` or `3`); `undefined` when absent, `null` when unreadable. */
function versionFromIfMatch(header: string | undefined): number | null | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return match ? Number(match[1]) : null;
}

const listCases = createRoute({
  method: 'get',
  path: '/v1/cases',
  summary: "The agent's or the team's cases, nearest deadline first",
  request: {
    query: z.object({
      scope: z.enum(['mine', 'team']).default('mine'),
      status: z.enum(['open', 'resolved', 'all']).default('open'),
    }),
  },
  responses: { 200: jsonResponse(CaseListSchema, 'Cases'), ...PROBLEMS },
});

const createCase = createRoute({
  method: 'post',
  path: '/v1/cases',
  summary: 'Open a case (the opener holds it); an already open case for the customer is returned instead',
  request: { body: jsonBody(CaseCreateSchema) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: { 201: jsonResponse(CaseSchema, 'Opened'), 200: jsonResponse(CaseSchema, 'Already open'), ...WRITE_PROBLEMS },
});

const patchCase = createRoute({
  method: 'patch',
  path: '/v1/cases/{id}',
  summary: 'Change status or assignee (optimistic concurrency: send the version, or If-Match: "<version>")',
  request: { params: CaseIdParams, body: jsonBody(CasePatchRequestSchema) },
  parameters: [IDEMPOTENCY_HEADER, IF_MATCH_HEADER],
  responses: {
    200: jsonResponse(CaseSchema, 'Changed'),
    428: { description: 'No version given (body version or If-Match)', content: PROBLEM_CONTENT },
    ...WRITE_PROBLEMS,
  },
});

const listNotes = createRoute({
  method: 'get',
  path: '/v1/cases/{id}/notes',
  summary: "A case's notes, newest first",
  request: { params: CaseIdParams },
  responses: { 200: jsonResponse(z.object({ notes: z.array(NoteSchema) }), 'Notes'), ...PROBLEMS },
});

const createNote = createRoute({
  method: 'post',
  path: '/v1/cases/{id}/notes',
  summary: 'Add a note to a case',
  request: { params: CaseIdParams, body: jsonBody(NoteCreateSchema) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: { 201: jsonResponse(NoteSchema, 'Added'), ...WRITE_PROBLEMS },
});

export function registerCases(app: OpenAPIHono<AppEnv>, db: Database): void {
  app.openapi(listCases, async (c) => {
    const { scope, status } = c.req.valid('query');
    const agent = c.get('agent');
    const conditions = ['c.team_id = $1'];
    const params: unknown[] = [agent.teamId];
    if (scope === 'mine') {
      params.push(agent.agentId);
      conditions.push(`c.assignee_id = $${params.length}`);
    }
    if (status === 'open') conditions.push(`c.status <> 'resolved'`);
    if (status === 'resolved') conditions.push(`c.status = 'resolved'`);
    const rows = await db.query<CaseRow>(
      `${CASE_SELECT} WHERE ${conditions.join(' AND ')}
       ORDER BY LEAST(CASE WHEN c.first_responded_at IS NULL THEN c.first_response_due_at END, c.resolution_due_at) ASC
       LIMIT 500`,
      params,
    );
    return c.json({ cases: rows.map(caseFrom) }, 200);
  });

  app.openapi(createCase, async (c) => {
    const body = c.req.valid('json');
    const agent = c.get('agent');
    return untyped(await idempotentWrite(c, db, body, async (tx) => {
      const { row, opened } = await openOrReuseCase(tx, db.engine, agent, {
        identity: body.identity,
        subject: body.subject,
        postUrl: body.postUrl ?? null,
      });
      return { status: opened ? 201 : 200, body: caseFrom(row) };
    }));
  });

  app.openapi(patchCase, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const agent = c.get('agent');
    const ifMatch = versionFromIfMatch(c.req.header('if-match'));
    if (ifMatch === null) throw new HttpProblem(400, 'If-Match must name the case version you loaded, like If-Match: "3".');
    if (ifMatch !== undefined && body.version !== undefined && ifMatch !== body.version) {
      throw new HttpProblem(400, `If-Match ("${ifMatch}") and the body's version (${body.version}) disagree; send one version.`);
    }
    const version = body.version ?? ifMatch;
    if (version === undefined) {
      throw new HttpProblem(428, 'Send the version of the case you loaded (body "version" or If-Match) so a newer change is not overwritten.');
    }
    return untyped(await idempotentWrite(c, db, { id, ...body, version }, async (tx) => {
      const sets = ['version = version + 1', 'updated_at = now()'];
      const params: unknown[] = [id, agent.teamId, version];
      if (body.status !== undefined) {
        params.push(body.status);
        sets.push(`status = $${params.length}`);
        sets.push(`resolved_at = CASE WHEN $${params.length} = 'resolved' THEN now() ELSE NULL END`);
      }
      if (body.assignee === 'me') {
        params.push(agent.agentId);
        sets.push(`assignee_id = $${params.length}`, 'assigned_at = now()');
      } else if (body.assignee === null) {
        sets.push('assignee_id = NULL', 'assigned_at = NULL');
      }
      if (body.firstResponded) sets.push('first_responded_at = COALESCE(first_responded_at, now())');
      const updated = await tx.query(
        `UPDATE cases SET ${sets.join(', ')} WHERE id = $1 AND team_id = $2 AND version = $3 RETURNING id`,
        params,
      );
      if (updated.length === 0) {
        const current = await caseInTeam(tx, id, agent.teamId);
        if (!current) throw new HttpProblem(404, 'No such case in your team.');
        throw new HttpProblem(
          409,
          `This case changed since you loaded it (now version ${current.version}${current.assignee_name ? `, held by ${current.assignee_name}` : ''}). Reload and try again.`,
        );
      }
      return { status: 200, body: caseFrom((await caseInTeam(tx, id, agent.teamId))!) };
    }));
  });

  app.openapi(listNotes, async (c) => {
    const { id } = c.req.valid('param');
    const agent = c.get('agent');
    if (!(await caseInTeam(db, id, agent.teamId))) throw new HttpProblem(404, 'No such case in your team.');
    const rows = await db.query<NoteRow>(`${NOTE_SELECT} WHERE n.case_id = $1 ORDER BY n.created_at DESC LIMIT 200`, [id]);
    return c.json({ notes: rows.map(noteFrom) }, 200);
  });

  app.openapi(createNote, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const agent = c.get('agent');
    return untyped(await idempotentWrite(c, db, { id, ...body }, async (tx) => {
      if (!(await caseInTeam(tx, id, agent.teamId))) throw new HttpProblem(404, 'No such case in your team.');
      const [created] = await tx.query<{ id: string }>('INSERT INTO notes (case_id, author_id, text) VALUES ($1, $2, $3) RETURNING id', [
        id,
        agent.agentId,
        body.text,
      ]);
      const [row] = await tx.query<NoteRow>(`${NOTE_SELECT} WHERE n.id = $1`, [created!.id]);
      return { status: 201, body: noteFrom(row!) };
    }));
  });
}
