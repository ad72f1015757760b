import type { Identity, LookupResult } from '../utils/contract';
import { identityKey } from '../utils/contract';
import type { Queryable } from './db/database';
import { CASE_SELECT, MEMBER_COLUMN_PAIRS, memberFrom, openCaseSummaryFrom, type CaseRow, type MemberRow } from './rows';

/**
 * SQL condition matching any of the identities, one `network = $n AND handle = ANY($m)`
 * branch per network present: a batch from x.com touches only X handles, and a branch
 * with an empty array still costs the planner an index probe.
 */
function identityCondition(alias: string, identities: Identity[], params: unknown[]): string {
  const byNetwork = new Map<string, string[]>();
  for (const identity of identities) {
    const handles = byNetwork.get(identity.network) ?? [];
    handles.push(identity.handle);
    byNetwork.set(identity.network, handles);
  }
  const branches = [...byNetwork].map(([network, handles]) => {
    params.push(network, handles);
    return `(${alias}.network = $${params.length - 1} AND ${alias}.handle = ANY($${params.length}::text[]))`;
  });
  return `(${branches.join(' OR ')})`;
}

/**
 * Members and the team's open cases for a batch of identities: two indexed queries for the
 * whole batch, never one per handle. Member rows come back as one JSON array, which the
 * embedded database hands over far faster than one row object per member.
 */
export async function lookupIdentities(db: Queryable, teamId: string, requested: Identity[]): Promise<LookupResult[]> {
  const identities = [...new Map(requested.map((identity) => [identityKey(identity), identity])).values()];
  const memberParams: unknown[] = [];
  const memberWhere = identityCondition('i', identities, memberParams);
  const caseParams: unknown[] = [teamId];
  const caseWhere = identityCondition('c', identities, caseParams);
  const [memberResult, cases] = await Promise.all([
    db.query<{ members: Array<MemberRow & { network: string; handle: string }> | null }>(
      `SELECT json_agg(json_build_object('network', i.network, 'handle', i.handle, ${MEMBER_COLUMN_PAIRS})) AS members
         FROM member_identities i JOIN members m ON m.id = i.member_id
        WHERE ${memberWhere}`,
      memberParams,
    ),
    db.query<CaseRow>(`${CASE_SELECT} WHERE c.team_id = $1 AND c.status <> 'resolved' AND ${caseWhere} ORDER BY c.opened_at DESC`, caseParams),
  ]);
  const members = memberResult[0]?.members ?? [];
  const memberByKey = new Map(members.map((row) => [`${row.network}:${row.handle}`, memberFrom(row)]));
  const caseByKey = new Map<string, CaseRow>();
  for (const row of cases) {
    const key = `${row.network}:${row.handle}`;
    if (!caseByKey.has(key)) caseByKey.set(key, row);
  }
  return identities.map((identity) => {
    const key = identityKey(identity);
    const openCase = caseByKey.get(key);
    return {
      network: identity.network,
      handle: identity.handle,
      member: memberByKey.get(key) ?? null,
      openCase: openCase ? openCaseSummaryFrom(openCase) : null,
    };
  });
}
