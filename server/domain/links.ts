import type { Identity } from '../../utils/contract';
import type { Queryable } from '../db/database';
import type { AgentContext } from './agents';
import { audit } from './audit';
import { conflict, invalid, notFound } from './errors';
import { LINK_SELECT, type LinkRow } from './rows';

/**
 * Links a handle to the member whose loyalty number the customer confirmed in private
 * (audited). Linking a handle to the member it already belongs to changes nothing.
 */
export async function linkHandle(tx: Queryable, agent: AgentContext, input: { identity: Identity; loyaltyNumber: string }): Promise<LinkRow> {
  const { identity } = input;
  const [member] = await tx.query<{ id: string }>('SELECT id FROM members WHERE upper(loyalty_number) = upper($1)', [input.loyaltyNumber]);
  // The same answer for a wrong number and an unknown one: the API is no oracle for loyalty numbers.
  if (!member) throw invalid('No member has this loyalty number. Check it with the customer in a private message.', undefined, 'member_not_found');
  const [existing] = await tx.query<{ id: string; member_id: string }>('SELECT id, member_id FROM member_identities WHERE network = $1 AND handle = $2', [
    identity.network,
    identity.handle,
  ]);
  if (existing && existing.member_id !== member.id) throw conflict('This handle is already linked to another member. Unlink it first.', 'handle_linked_elsewhere');
  if (!existing) {
    await tx.query(`INSERT INTO member_identities (member_id, network, handle, source, created_by) VALUES ($1, $2, $3, 'link', $4)`, [
      member.id,
      identity.network,
      identity.handle,
      agent.agentId,
    ]);
  }
  const [row] = await tx.query<LinkRow>(`${LINK_SELECT} WHERE i.network = $1 AND i.handle = $2`, [identity.network, identity.handle]);
  await audit(tx, agent, 'link.create', { memberId: member.id, network: identity.network, handle: identity.handle });
  return row!;
}

/** Unlinks a handle from its member (audited). */
export async function unlinkHandle(tx: Queryable, agent: AgentContext, linkId: string): Promise<void> {
  const [row] = await tx.query<{ member_id: string; network: string; handle: string }>(
    'DELETE FROM member_identities WHERE id = $1 RETURNING member_id, network, handle',
    [linkId],
  );
  if (!row) throw notFound('No such link.', 'link_not_found');
  await audit(tx, agent, 'link.delete', { memberId: row.member_id, network: row.network, handle: row.handle });
}
