import type { Identity, LookupResult } from '../../utils/contract';
import { identityKey } from '../../utils/contract';
import type { Queryable } from '../db/database';
import type { AgentContext } from './agents';
import type { HourlyAuditWriter } from './audit';
import { memberFrom, openCaseSummaryFrom, type MemberRow, type OpenCaseRow } from './rows';

interface LookupRows {
  members: Array<MemberRow & Identity> | null;
  cases: Array<OpenCaseRow & Identity> | null;
}

/**
 * Members and the team's open cases for a batch of identities: one call of the
 * `lookup_identities` database function (migration 3) for the whole batch, never a query
 * per handle. The identities go in as one JSON parameter and the answer comes back as one
 * JSON value, which both databases hand over far faster than rows; the function's plan is
 * cached, so the hot path does not pay for planning.
 */
export async function lookupIdentities(db: Queryable, teamId: string, requested: Identity[]): Promise<LookupResult[]> {
  const identities = [...new Map(requested.map((identity) => [identityKey(identity), identity])).values()];
  const wanted = JSON.stringify(identities.map(({ network, handle }) => ({ network, handle })));
  const [row] = await db.query<{ found: LookupRows | null }>('SELECT lookup_identities($1, $2) AS found', [teamId, wanted]);
  const memberByKey = new Map((row?.found?.members ?? []).map((member) => [identityKey(member), memberFrom(member)]));
  // Newest first: the first open case seen for an identity is the one to show.
  const caseByKey = new Map<string, OpenCaseRow>();
  for (const openCase of row?.found?.cases ?? []) {
    const key = identityKey(openCase);
    if (!caseByKey.has(key)) caseByKey.set(key, openCase);
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

/** A lookup as an agent makes it: the results, each member shown queued for the (hourly) audit. */
export async function lookupForAgent(db: Queryable, audit: HourlyAuditWriter, agent: AgentContext, requested: Identity[]): Promise<LookupResult[]> {
  const results = await lookupIdentities(db, agent.teamId, requested);
  audit.record(
    agent,
    'member.lookup',
    results.filter((result) => result.member !== null),
  );
  return results;
}
