import { createRoute, z } from '@hono/zod-openapi';
import { CaseCreateSchema, CaseListSchema, CasePatchSchema, CaseSchema, NoteCreateSchema, NoteSchema } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { addNote, changeCase, listCases, listNotes, openOrReuseCase } from '../../domain/cases';
import { caseFrom, noteFrom } from '../../domain/rows';
import { idempotentWrite } from '../idempotency';
import { IDEMPOTENCY_HEADER, IF_MATCH_HEADER, jsonBody, jsonResponse, problemResponse, readResponses, router, writeResponses } from '../openapi';
import { HttpProblem } from '../problem';

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

/** The one version a change is based on, from the body or `If-Match` (which must agree). */
function baseVersion(bodyVersion: number | undefined, ifMatchHeader: string | undefined): number {
  const ifMatch = versionFromIfMatch(ifMatchHeader);
  if (ifMatch === null) throw new HttpProblem(400, 'If-Match must name the case version you loaded, like If-Match: "3".', undefined, {}, 'if_match_invalid');
  if (ifMatch !== undefined && bodyVersion !== undefined && ifMatch !== bodyVersion) {
    throw new HttpProblem(400, `If-Match ("${ifMatch}") and the body's version (${bodyVersion}) disagree; send one version.`, undefined, {}, 'version_mismatch');
  }
  const version = bodyVersion ?? ifMatch;
  if (version === undefined) {
    throw new HttpProblem(428, 'Send the version of the case you loaded (body "version" or If-Match) so a newer change is not overwritten.', undefined, {}, 'version_required');
  }
  return version;
}

const listCasesRoute = createRoute({
  method: 'get',
  path: '/v1/cases',
  summary: "The agent's or the team's cases, nearest deadline first",
  request: {
    query: z.object({
      scope: z.enum(['mine', 'team']).default('mine'),
      status: z.enum(['open', 'resolved', 'all']).default('open'),
    }),
  },
  responses: readResponses({ 200: jsonResponse(CaseListSchema, 'Cases') }),
});

const createCaseRoute = createRoute({
  method: 'post',
  path: '/v1/cases',
  summary: 'Open a case (the opener holds it); an already open case for the customer is returned instead',
  request: { body: jsonBody(CaseCreateSchema) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: writeResponses({ 201: jsonResponse(CaseSchema, 'Opened'), 200: jsonResponse(CaseSchema, 'Already open') }),
});

const patchCaseRoute = createRoute({
  method: 'patch',
  path: '/v1/cases/{id}',
  summary: 'Change status or assignee (optimistic concurrency: send the version, or If-Match: "<version>")',
  request: { params: CaseIdParams, body: jsonBody(CasePatchRequestSchema) },
  parameters: [IDEMPOTENCY_HEADER, IF_MATCH_HEADER],
  responses: writeResponses({
    200: jsonResponse(CaseSchema, 'Changed'),
    428: problemResponse('No version given (body version or If-Match)'),
  }),
});

const listNotesRoute = createRoute({
  method: 'get',
  path: '/v1/cases/{id}/notes',
  summary: "A case's notes, newest first",
  request: { params: CaseIdParams },
  responses: readResponses({ 200: jsonResponse(z.object({ notes: z.array(NoteSchema) }), 'Notes') }),
});

const createNoteRoute = createRoute({
  method: 'post',
  path: '/v1/cases/{id}/notes',
  summary: 'Add a note to a case',
  request: { params: CaseIdParams, body: jsonBody(NoteCreateSchema) },
  parameters: [IDEMPOTENCY_HEADER],
  responses: writeResponses({ 201: jsonResponse(NoteSchema, 'Added') }),
});

export function casesRoutes(db: Database) {
  return router()
    .openapi(listCasesRoute, async (c) => {
      const rows = await listCases(db, c.get('agent'), c.req.valid('query'));
      return c.json({ cases: rows.map(caseFrom) }, 200);
    })
    .openapi(createCaseRoute, async (c) => {
      const body = c.req.valid('json');
      const agent = c.get('agent');
      return idempotentWrite(c, db, body, async (tx) => {
        const { row, opened } = await openOrReuseCase(tx, db.engine, agent, {
          identity: body.identity,
          subject: body.subject,
          postUrl: body.postUrl ?? null,
        });
        return { status: opened ? 201 : 200, body: caseFrom(row) };
      });
    })
    .openapi(patchCaseRoute, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const version = baseVersion(body.version, c.req.header('if-match'));
      return idempotentWrite(c, db, { id, ...body, version }, async (tx) => ({
        status: 200,
        body: caseFrom(await changeCase(tx, c.get('agent'), id, version, body)),
      }));
    })
    .openapi(listNotesRoute, async (c) => {
      const rows = await listNotes(db, c.get('agent'), c.req.valid('param').id);
      return c.json({ notes: rows.map(noteFrom) }, 200);
    })
    .openapi(createNoteRoute, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      return idempotentWrite(c, db, { id, ...body }, async (tx) => ({ status: 201, body: noteFrom(await addNote(tx, c.get('agent'), id, body.text)) }));
    });
}
