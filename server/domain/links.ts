import type { Identity } from '../../utils/contract';
import type { Database, Queryable } from '../db/database';
import type { AgentContext } from './agents';
import { audit } from './audit';
import { conflict, DomainError, forbidden, notFound } from './errors';
import { LINK_SELECT, type LinkRow } from './rows';

/**
 * Failed link attempts (an unknown loyalty number) an agent may make within the window
 * before further attempts are refused: guessing loyalty numbers through the link form
 * stays slow. Counted in the database, so every replica sees the same count.
 */
export interface LinkAttemptLimits {
  failures: number;
  windowMs: number;
}

export const LINK_ATTEMPT_LIMITS: LinkAttemptLimits = { failures: 10, windowMs: 10 * 60_000 };

/** A loyalty number no member has; the caller records the failed attempt outside the write's transaction. */
export class UnknownLoyaltyNumber extends DomainError {
  constructor() {
    // The same answer for a wrong number and an unknown one: the API is no oracle for loyalty numbers.
    super('invalid', 'No member has this loyalty number. Check it with the customer in a private message.', [
      { path: 'loyaltyNumber', message: 'No member has this loyalty number' },
    ], undefined, 'member_not_found');
  }
}

/**
 * Takes one of the agent's link attempts, or refuses (429, with the seconds until the oldest
 * failure leaves the window) an agent at the limit. The attempt is counted before the link
 * runs, one agent at a time (on PostgreSQL a transaction-scoped advisory lock per agent), so
 * requests sent at once, to one replica or several, cannot all slip under the limit; a link
 * that succeeds gives its attempt back (`releaseLinkAttempt`). Returns the attempt's id.
 */
export async function takeLinkAttempt(db: Database, agent: AgentContext, now: Date, limits: LinkAttemptLimits = LINK_ATTEMPT_LIMITS): Promise<string> {
  return db.transaction(async (tx) => {
    if (db.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`link-attempts\n${agent.agentId}`]);
    const [row] = await tx.query<{ failures: number; oldest: Date | null }>(
      'SELECT count(*)::int AS failures, min(at) AS oldest FROM link_failures WHERE agent_id = $1 AND at > $2',
      [agent.agentId, new Date(now.getTime() - limits.windowMs)],
    );
    if (row && row.failures >= limits.failures && row.oldest !== null) {
      const seconds = Math.max(1, Math.ceil((new Date(row.oldest).getTime() + limits.windowMs - now.getTime()) / 1000));
      throw new DomainError('rate_limited', `Too many links to unknown loyalty numbers; try again in ${Math.ceil(seconds / 60)} min.`, undefined, seconds);
    }
    const [attempt] = await tx.query<{ id: string }>('INSERT INTO link_failures (agent_id, at) VALUES ($1, $2) RETURNING id::text', [agent.agentId, now]);
    return attempt!.id;
  });
}

/** Gives back an attempt that did not fail (the link was made, or refused for another reason). */
export async function releaseLinkAttempt(db: Queryable, attemptId: string): Promise<void> {
  await db.query('DELETE FROM link_failures WHERE id = $1', [attemptId]);
}

/** Audits a link attempt with an unknown loyalty number (never the number itself); its attempt stays counted. */
export async function auditFailedLink(db: Queryable, agent: AgentContext, identity: Identity): Promise<void> {
  await audit(db, agent, 'link.failed', { memberId: null, network: identity.network, handle: identity.handle });
}

/** Forgets failed link attempts older than a day. */
export async function purgeLinkFailures(db: Queryable, now: Date): Promise<void> {
  await db.query('DELETE FROM link_failures WHERE at < $1', [new Date(now.getTime() - 24 * 60 * 60_000)]);
}

/**
 * Links a handle to the member whose loyalty number the customer confirmed in private
 * (audited). Linking a handle to the member it already belongs to changes nothing.
 */
export async function linkHandle(tx: Queryable, agent: AgentContext, input: { identity: Identity; loyaltyNumber: string }): Promise<LinkRow> {
  const { identity } = input;
  const [member] = await tx.query<{ id: string }>('SELECT id FROM members WHERE upper(loyalty_number) = upper($1) AND erased_at IS NULL', [input.loyaltyNumber]);
  if (!member) throw new UnknownLoyaltyNumber();
  const [existing] = await tx.query<{ id: string; member_id: string }>('SELECT id, member_id FROM member_identities WHERE network = $1 AND handle = $2', [
    identity.network,
    identity.handle,
  ]);
  if (existing && existing.member_id !== member.id) throw conflict('This handle is already linked to another member. Unlink it first.', 'handle_linked_elsewhere');
  if (!existing) {
    await tx.query(`INSERT INTO member_identities (member_id, network, handle, source, created_by, team_id) VALUES ($1, $2, $3, 'link', $4, $5)`, [
      member.id,
      identity.network,
      identity.handle,
      agent.agentId,
      agent.teamId,
    ]);
  }
  const [row] = await tx.query<LinkRow>(`${LINK_SELECT} WHERE i.network = $1 AND i.handle = $2`, [identity.network, identity.handle]);
  await audit(tx, agent, 'link.create', { memberId: member.id, network: identity.network, handle: identity.handle });
  return row!;
}

/** Who may remove a link: imported ones only admins; the others the linking team, a lead or an admin. */
function mayUnlink(agent: AgentContext, link: { source: 'import' | 'link'; team_id: string | null }): boolean {
  if (agent.role === 'admin') return true;
  if (link.source === 'import') return false;
  return agent.role === 'lead' || link.team_id === agent.teamId;
}

/** Unlinks a handle from its member (audited), when the agent may. */
export async function unlinkHandle(tx: Queryable, agent: AgentContext, linkId: string): Promise<void> {
  const [link] = await tx.query<{ source: 'import' | 'link'; team_id: string | null }>('SELECT source, team_id FROM member_identities WHERE id = $1 FOR UPDATE', [linkId]);
  if (!link) throw notFound('No such link.', 'link_not_found');
  if (!mayUnlink(agent, link)) {
    throw forbidden(
      link.source === 'import'
        ? 'This link comes from the loyalty system; only an administrator can remove it.'
        : 'Only the team that made this link, a lead or an administrator can remove it.',
    );
  }
  const [row] = await tx.query<{ member_id: string; network: string; handle: string }>(
    'DELETE FROM member_identities WHERE id = $1 RETURNING member_id, network, handle',
    [linkId],
  );
  if (!row) throw notFound('No such link.', 'link_not_found');
  await audit(tx, agent, 'link.delete', { memberId: row.member_id, network: row.network, handle: row.handle });
}
