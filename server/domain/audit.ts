import type { Identity } from '../../utils/contract';
import type { Queryable } from '../db/database';
import type { AgentContext } from './agents';

export type AuditAction = 'member.card.read' | 'member.lookup' | 'handoff.transcript.read' | 'link.create' | 'link.delete' | 'link.failed';

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

/**
 * Audits reads that come in bulk (lookups, transcript lists) once per member (or, for a
 * customer who is no member, per handle), agent and hour: one statement for the whole
 * batch, and a read already audited this hour is skipped by its unique hourly key, so the
 * hot path pays one cheap insert and the log does not grow with every page view.
 */
export async function auditHourly(db: Queryable, agent: AgentContext, action: AuditAction, identities: readonly Identity[]): Promise<void> {
  if (identities.length === 0) return;
  await db.query(
    `INSERT INTO audit_log (agent_id, team_id, action, member_id, network, handle, detail, hourly_key)
     SELECT $1, $2, $3, i.member_id, s.network, s.handle, '{}'::jsonb,
            $4::text || coalesce(i.member_id::text, s.network || ':' || s.handle) || '|' || to_char(date_trunc('hour', now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24')
       FROM unnest($5::text[], $6::text[]) AS s(network, handle)
       LEFT JOIN member_identities i ON i.network = s.network AND i.handle = s.handle
     ON CONFLICT (hourly_key) DO NOTHING`,
    [agent.agentId, agent.teamId, action, `${action}|${agent.agentId}|`, identities.map((identity) => identity.network), identities.map((identity) => identity.handle)],
  );
}
