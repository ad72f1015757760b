import { maskLoyaltyNumber, type AuditEntry, type AuditPage, type AuditQuery, type Role } from '../../utils/contract';
import type { Queryable } from '../db/database';
import type { AgentContext } from './agents';
import { forbidden, invalid } from './errors';

/** Whose entries the caller may read: an admin everyone's, a lead their team's; agents none. */
function teamScope(caller: AgentContext): string | null {
  if (caller.role === 'admin') return null;
  if (caller.role === 'lead') return caller.teamId;
  throw forbidden('The audit log is for team leads and admins.');
}

/** A page's last entry, as the `after` of the next: its instant to the microsecond, and its id. */
function cursorOf(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

function parseCursor(cursor: string): { at: string; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (rest.length > 0 || !at || !id || !/^\d{1,19}$/.test(id) || Number.isNaN(Date.parse(at))) throw invalid('This is not a page of the audit log. Start again from the first page.', undefined, 'cursor_invalid');
  return { at, id };
}

interface AuditRow {
  id: string;
  at: Date;
  at_exact: string;
  action: string;
  agent_id: string | null;
  agent_name: string | null;
  agent_email: string | null;
  team_name: string | null;
  member_id: string | null;
  member_name: string | null;
  loyalty_number: string | null;
  network: string | null;
  handle: string | null;
  detail: Record<string, unknown> | string | null;
}

function entryOf(row: AuditRow): AuditEntry {
  const detail = typeof row.detail === 'string' ? (JSON.parse(row.detail) as Record<string, unknown>) : (row.detail ?? {});
  return {
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    action: row.action,
    agent: row.agent_id === null ? null : { id: row.agent_id, name: row.agent_name ?? '', email: row.agent_email },
    team: row.team_name,
    // An erased member keeps their entries, without a name or number to show.
    member:
      row.member_id === null || row.loyalty_number === null
        ? null
        : { id: row.member_id, name: row.member_name ?? '', loyaltyNumberMasked: maskLoyaltyNumber(row.loyalty_number) },
    identity: row.network !== null && row.handle !== null ? { network: row.network, handle: row.handle } : null,
    detail,
  };
}

/**
 * One page of the audit log, newest first, under the filters given: one query whose
 * filter and order (at, id) run on an index range (by team, agent, member or action), and
 * keyset paging, so a page costs the same however deep it is.
 */
export async function auditLog(db: Queryable, caller: AgentContext, query: AuditQuery): Promise<AuditPage> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const where = (sql: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(sql(`$${values.length}`));
  };
  const team = teamScope(caller);
  if (team !== null) where((p) => `l.team_id = ${p}`, team);
  if (query.agent) where((p) => `l.agent_id = ${p}`, query.agent);
  if (query.member) {
    where((p) => `l.member_id IN (SELECT id FROM members WHERE upper(loyalty_number) = upper(${p}))`, query.member);
  }
  if (query.action) where((p) => `l.action = ${p}`, query.action);
  if (query.from) where((p) => `l.at >= ${p}::timestamptz`, query.from);
  if (query.to) where((p) => `l.at < ${p}::timestamptz`, query.to);
  if (query.after) {
    const { at, id } = parseCursor(query.after);
    values.push(at, id);
    conditions.push(`(l.at, l.id) < ($${values.length - 1}::timestamptz, $${values.length}::bigint)`);
  }
  values.push(query.limit + 1);
  const rows = await db.query<AuditRow>(
    `SELECT l.id::text AS id, l.at, to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_exact, l.action,
            l.agent_id, a.name AS agent_name, a.email AS agent_email, t.name AS team_name,
            l.member_id, m.name AS member_name, m.loyalty_number, l.network, l.handle, l.detail
       FROM audit_log l
       LEFT JOIN agents a ON a.id = l.agent_id
       LEFT JOIN teams t ON t.id = l.team_id
       LEFT JOIN members m ON m.id = l.member_id
      ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY l.at DESC, l.id DESC
      LIMIT $${values.length}`,
    values,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { entries: page.map(entryOf), next: rows.length > query.limit && last ? cursorOf(last.at_exact, last.id) : null };
}

/** The agents whose entries the caller may filter by: a lead's team, or everyone for an admin. */
export async function auditAgents(db: Queryable, caller: AgentContext): Promise<Array<{ id: string; name: string; team: string; role: Role }>> {
  const team = teamScope(caller);
  return db.query(
    `SELECT a.id, a.name, t.name AS team, a.role FROM agents a JOIN teams t ON t.id = a.team_id
      ${team === null ? '' : 'WHERE a.team_id = $1'} ORDER BY t.name, a.name, a.id`,
    team === null ? [] : [team],
  );
}
