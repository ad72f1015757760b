import type { MemberCard } from '../../../utils/contract';
import type { Queryable } from '../../db/database';
import type { AgentContext } from '../agents';
import { audit } from '../audit';
import { notFound } from '../errors';
import { handoffsWithHistory } from '../handoffs';
import {
  CASE_SELECT, caseFrom, HANDOFF_SELECT, LINK_SELECT, linkFrom, MEMBER_COLUMNS, memberFrom, NOTE_SELECT, noteFrom,
  type CaseRow, type HandoffRow, type LinkRow, type MemberRow, type NoteRow,
} from '../rows';

/**
 * A member's card as the agent's team may see it: linked handles, and the cases, notes and
 * handoffs that are the team's own or handed to it. Every read is audited.
 */
export async function memberCard(db: Queryable, agent: AgentContext, memberId: string): Promise<MemberCard> {
  const [memberRow] = await db.query<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.id = $1 AND m.erased_at IS NULL`, [memberId]);
  if (!memberRow) throw notFound('No member with this id.', 'member_not_found');
  const [links, cases, notes, handoffs] = await Promise.all([
    db.query<LinkRow>(`${LINK_SELECT} WHERE i.member_id = $1 ORDER BY i.created_at`, [memberId]),
    db.query<CaseRow>(`${CASE_SELECT} WHERE c.member_id = $1 AND c.team_id = $2 ORDER BY c.opened_at DESC LIMIT 20`, [memberId, agent.teamId]),
    db.query<NoteRow>(
      `${NOTE_SELECT} JOIN cases c ON c.id = n.case_id WHERE c.member_id = $1 AND c.team_id = $2 ORDER BY n.created_at DESC LIMIT 20`,
      [memberId, agent.teamId],
    ),
    db.query<HandoffRow>(
      `${HANDOFF_SELECT} WHERE c.member_id = $1 AND (h.from_team_id = $2 OR h.to_team_id = $2) ORDER BY h.created_at DESC LIMIT 20`,
      [memberId, agent.teamId],
    ),
  ]);
  await audit(db, agent, 'member.card.read', { memberId });
  return {
    member: memberFrom(memberRow),
    links: links.map(linkFrom),
    cases: cases.map(caseFrom),
    notes: notes.map(noteFrom),
    handoffs: await handoffsWithHistory(db, handoffs),
  };
}
