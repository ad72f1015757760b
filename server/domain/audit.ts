import type { Queryable } from '../db/database';
import type { AgentContext } from './agents';

export type AuditAction = 'member.card.read' | 'handoff.transcript.read' | 'link.create' | 'link.delete';

/** Who read or changed which member's data, and when. */
export async function audit(
  db: Queryable,
  agent: AgentContext,
  action: AuditAction,
  subject: { memberId: string | null; network?: string; handle?: string; detail?: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (agent_id, team_id, action, member_id, network, handle, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [agent.agentId, agent.teamId, action, subject.memberId, subject.network ?? null, subject.handle ?? null, JSON.stringify(subject.detail ?? {})],
  );
}
