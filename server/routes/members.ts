import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { MemberCardSchema, type MemberCard } from '../../utils/contract';
import { audit } from '../audit';
import type { Database } from '../db/database';
import { HttpProblem, type AppEnv } from '../http';
import {
  CASE_SELECT, caseFrom, HANDOFF_SELECT, handoffFrom, LINK_SELECT, linkFrom, MEMBER_COLUMNS, memberFrom, NOTE_SELECT, noteFrom,
  type CaseRow, type HandoffRow, type LinkRow, type MemberRow, type NoteRow,
} from '../rows';
import { jsonResponse, PROBLEMS } from './openapi';

const route = createRoute({
  method: 'get',
  path: '/v1/members/{id}',
  summary: "A member's card: linked handles, the team's cases, latest notes and handoffs (audited)",
  request: { params: z.object({ id: z.uuid() }) },
  responses: {
    200: jsonResponse(MemberCardSchema, 'The member card'),
    404: { description: 'No such member' },
    ...PROBLEMS,
  },
});

export function registerMembers(app: OpenAPIHono<AppEnv>, db: Database): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const agent = c.get('agent');
    const [memberRow] = await db.query<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.id = $1`, [id]);
    if (!memberRow) throw new HttpProblem(404, 'No member with this id.');
    // Cases, notes and handoffs are the caller's team's own, or handed to it.
    const [links, cases, notes, handoffs] = await Promise.all([
      db.query<LinkRow>(`${LINK_SELECT} WHERE i.member_id = $1 ORDER BY i.created_at`, [id]),
      db.query<CaseRow>(`${CASE_SELECT} WHERE c.member_id = $1 AND c.team_id = $2 ORDER BY c.opened_at DESC LIMIT 20`, [id, agent.teamId]),
      db.query<NoteRow>(
        `${NOTE_SELECT} JOIN cases c ON c.id = n.case_id WHERE c.member_id = $1 AND c.team_id = $2 ORDER BY n.created_at DESC LIMIT 20`,
        [id, agent.teamId],
      ),
      db.query<HandoffRow>(
        `${HANDOFF_SELECT} WHERE c.member_id = $1 AND (h.from_team_id = $2 OR h.to_team_id = $2) ORDER BY h.created_at DESC LIMIT 20`,
        [id, agent.teamId],
      ),
    ]);
    await audit(db, agent, 'member.card.read', { memberId: id });
    const card: MemberCard = {
      member: memberFrom(memberRow),
      links: links.map(linkFrom),
      cases: cases.map(caseFrom),
      notes: notes.map(noteFrom),
      handoffs: handoffs.map(handoffFrom),
    };
    return c.json(card, 200);
  });
}
