import { createRoute, z } from '@hono/zod-openapi';
import {
  AgentListSchema,
  CreatedAgentSchema,
  EraseMemberSchema,
  ErasureSchema,
  MEMBER_ERASE_PATH,
  MEMBER_SEARCH_PATH,
  MemberSearchQuerySchema,
  MemberSearchSchema,
  NewAgentSchema,
  RevokeAgentSchema,
  RevokedAgentSchema,
  IMPORT_CSV_TYPE,
  IMPORT_JSONL_TYPE,
  ImportLineSchema,
  MEMBER_IMPORT_PATH,
  MAX_IMPORT_BYTES,
  type ImportLine,
} from '../../../utils/contract';
import type { Database } from '../../db/database';
import { agentIdByEmail, createAgent, listAgents, revokeAgent } from '../../domain/agents';
import { auditChange } from '../../domain/audit';
import { adminAccount } from './admin-agents';
import type { AdminActor } from '../../domain/audit';
import { eraseMember } from '../../domain/members/erase';
import { importMembers, type ImportFormat } from '../../domain/members/import';
import { searchMembers } from '../../domain/members/search';
import type { AdminCaller } from '../context';
import { jsonBody, jsonResponse, problemResponse, router } from '../openapi';
import { HttpProblem } from '../problem';
import { log } from '../../logger';

const ADMIN_PROBLEMS = {
  401: problemResponse('No admin key and no Console session'),
  403: problemResponse('A Console session of an account that is not an admin, or without its X-Jetway-CSRF header'),
} as const;

const memberImportRoute = createRoute({
  method: 'post',
  path: MEMBER_IMPORT_PATH,
  summary: 'Import members from CSV (header row) or JSON Lines; answers NDJSON progress lines and the result last',
  description:
    'The body is streamed in (up to 256 MB). Valid rows are stored in batches of 1,000, each committed on its own, and the server answers other requests between batches. ' +
    'The answer is `application/x-ndjson`: `{"done", "total"}` lines as batches are stored, then `{"created", "updated", "rejected": [{"line", "message"}]}` ' +
    '(or `{"error", "stored"}` when the import failed part-way: the `stored` rows stay, and sending the file again finishes it without doubling them).',
  request: {
    body: {
      required: true,
      content: {
        [IMPORT_CSV_TYPE]: { schema: z.string().openapi({ description: 'loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language' }) },
        [IMPORT_JSONL_TYPE]: { schema: z.string().openapi({ description: 'One member object per line' }) },
      },
    },
  },
  responses: Object.assign({}, ADMIN_PROBLEMS, {
    200: { description: 'Progress lines, then the result line', content: { 'application/x-ndjson': { schema: ImportLineSchema } } },
    413: problemResponse('The file is over 256 MB (told by Content-Length before any of it is read, or found while reading)'),
    415: problemResponse('Neither text/csv nor application/x-ndjson'),
  }),
});

const backupRoute = createRoute({
  method: 'post',
  path: '/admin/v1/backup',
  summary: 'A consistent backup of the whole database, streamed (restore it with `npm run jetway -- restore FILE`)',
  description: 'Embedded database: PGlite\'s dump of the data dir (a gzipped tar). PostgreSQL: `pg_dump` custom format.',
  responses: Object.assign({}, ADMIN_PROBLEMS, {
    200: { description: 'The backup file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
  }),
});

const eraseMemberRoute = createRoute({
  method: 'post',
  path: MEMBER_ERASE_PATH,
  summary: 'Erase a member (GDPR article 17): their data and handles, and what was written about them; anonymised cases and handoffs stay',
  description:
    'The member becomes an anonymous tombstone (a random id in place of the loyalty number; the tier stays for the dashboard). ' +
    'Their handles are deleted; case subjects, notes, transcripts, reasons and outcomes about them are blanked; audit entries lose the handle; ' +
    'an audit entry records the erasure.',
  request: { body: jsonBody(EraseMemberSchema) },
  responses: Object.assign({}, ADMIN_PROBLEMS, {
    200: jsonResponse(ErasureSchema, 'Erased; how many handles were deleted and cases, handoffs and notes blanked'),
    400: problemResponse('Invalid request (per-field errors)'),
    404: problemResponse('No member has this loyalty number'),
  }),
});

const searchMembersRoute = createRoute({
  method: 'get',
  path: MEMBER_SEARCH_PATH,
  summary: 'Find members by loyalty number or handle (exact, case-insensitive); each read is audited',
  request: { query: MemberSearchQuerySchema },
  responses: Object.assign({}, ADMIN_PROBLEMS, {
    200: jsonResponse(MemberSearchSchema, 'The members found (at most 20)'),
    400: problemResponse('Invalid request (per-field errors)'),
  }),
});

/** Who an admin action is audited as: the admin account, or the admin key (no agent). */
function actorOf(caller: AdminCaller): AdminActor {
  return caller.kind === 'key' ? caller : { kind: 'account', agentId: caller.agent.agentId, teamId: caller.agent.teamId };
}

const createAgentRoute = createRoute({
  method: 'post',
  path: '/admin/v1/agents',
  summary: 'Create an agent (and the team if new), optionally with a Console account; answers the token (and an issued password) once',
    request: { body: jsonBody(NewAgentSchema) },
  responses: Object.assign({}, ADMIN_PROBLEMS, {
    201: jsonResponse(CreatedAgentSchema, 'Created; the token is shown this once and stored hashed'),
    400: problemResponse('Invalid request (per-field errors)'),
    409: problemResponse('An account with this email already exists'),
    422: problemResponse('A password under 12 characters, a password without an email, or not an email address'),
  }),
});

const listAgentsRoute = createRoute({
  method: 'get',
  path: '/admin/v1/agents',
  summary: 'Every agent: name, team, Console email and role, whether revoked',
  responses: Object.assign({}, ADMIN_PROBLEMS, { 200: jsonResponse(AgentListSchema, 'The agents, by team and name') }),
});

const revokeAgentRoute = createRoute({
  method: 'post',
  path: '/admin/v1/agents/revoke',
  summary: "Revoke an agent at once: their token and every Console session end, the account is disabled",
  request: { body: jsonBody(RevokeAgentSchema) },
  responses: Object.assign({}, ADMIN_PROBLEMS, {
    200: jsonResponse(RevokedAgentSchema, 'Revoked'),
    400: problemResponse('Invalid request (per-field errors)'),
    404: problemResponse('No agent has this email'),
  }),
});

function importFormat(contentType: string | undefined): ImportFormat {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === IMPORT_CSV_TYPE) return 'csv';
  if (type === IMPORT_JSONL_TYPE || type === 'application/jsonl' || type === 'application/jsonlines') return 'jsonl';
  throw new HttpProblem(415, `Send the file as ${IMPORT_CSV_TYPE} or ${IMPORT_JSONL_TYPE}.`);
}

function tooLarge(limit: number): HttpProblem {
  return new HttpProblem(413, `Import files are limited to ${limit / 1024 / 1024} MB.`);
}

/** The request body as text, read chunk by chunk as it arrives, refused past `limit` bytes. */
async function readText(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (!body) return '';
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    parts.push(decoder.decode(chunk, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** The admin API (`/admin/v1`): behind `adminAuth` (see app.ts). */
export function adminRoutes(db: Database) {
  return router()
    .openapi(createAgentRoute, async (c) => {
      const input = c.req.valid('json');
      const created = await db.transaction(async (tx) => {
        const agent = await createAgent(tx, input);
        await auditChange(tx, adminAccount(c.get('admin')), 'agent.create', { agentId: agent.agentId, agentName: input.name, team: input.team, role: input.role ?? 'agent' });
        return agent;
      });
      return c.json(created, 201);
    })
    .openapi(listAgentsRoute, async (c) => c.json({ agents: await listAgents(db) }, 200))
    .openapi(revokeAgentRoute, async (c) => {
      const { email } = c.req.valid('json');
      const revoked = await db.transaction(async (tx) => {
        const agentId = await agentIdByEmail(tx, email);
        const done = await revokeAgent(tx, agentId);
        await auditChange(tx, adminAccount(c.get('admin')), 'agent.deactivate', { agentId, agentName: done.name });
        return { agentId, ...done };
      });
      return c.json(revoked, 200);
    })
    .openapi(eraseMemberRoute, async (c) => {
      const { loyaltyNumber } = c.req.valid('json');
      return c.json(await eraseMember(db, loyaltyNumber, actorOf(c.get('admin'))), 200);
    })
    .openapi(searchMembersRoute, async (c) => {
      const { q } = c.req.valid('query');
      return c.json({ members: await searchMembers(db, q, actorOf(c.get('admin'))) }, 200);
    })
    .openapi(backupRoute, async (c) => {
      const backup = await db.backup();
      const name = `jetway-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${db.engine === 'pglite' ? 'tar.gz' : 'dump'}`;
      // A stream, which the typed answers cannot describe.
      return c.body(backup, 200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${name}"` }) as never;
    })
    .openapi(memberImportRoute, async (c) => {
      const format = importFormat(c.req.header('content-type'));
      const declared = Number(c.req.header('content-length') ?? 0);
      if (declared > MAX_IMPORT_BYTES) throw tooLarge(MAX_IMPORT_BYTES);
      const text = await readText(c.req.raw.body, MAX_IMPORT_BYTES);
      const encoder = new TextEncoder();
      const answer = new ReadableStream<Uint8Array>({
        async start(controller) {
          const send = (line: ImportLine) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          let stored = 0;
          try {
            const report = await importMembers(db, text, {
              format,
              onProgress: (done, total) => {
                stored = done;
                send({ done, total });
              },
            });
            send({ created: report.imported, updated: report.updated, rejected: report.rejected.map(({ line, reason, code, params }) => ({ line, message: reason, code, params })) });
          } catch (error) {
            log.error({ err: error, stored }, 'A member import failed');
            send({
              error: `The import failed on the server after ${stored} rows were stored. Send the file again to finish: stored rows are updated, not doubled.`,
              stored,
            });
          }
          controller.close();
        },
      });
      // A stream, which the typed answers (JSON or text, whole) cannot describe; its lines are ImportLineSchema.
      return c.body(answer, 200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' }) as never;
    });
}
