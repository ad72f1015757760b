import { randomBytes } from 'node:crypto';
import type { Erasure } from '../../../utils/contract';
import type { Database, Queryable } from '../../db/database';
import { auditByAdmin, type AdminActor } from '../audit';
import { notFound } from '../errors';

/**
 * A transcript with its words removed: each message keeps only when it was posted, so a
 * handoff still shows how long the conversation was, and nothing of what was said or by whom.
 * Used by erasure and by the transcript retention.
 */
export const BLANK_TRANSCRIPT_SQL = `coalesce((SELECT jsonb_agg(jsonb_build_object('author', '[removed]', 'text', '', 'postedAt', m -> 'postedAt', 'url', NULL))
  FROM jsonb_array_elements(transcript) AS m), '[]'::jsonb)`;

/** What an erased case's subject and notes say instead of what was written. */
export const ERASED_TEXT = '[erased]';

/**
 * The tombstone's anonymous id: random, so nothing ties it to the loyalty number. It is the
 * erased member's loyalty number from now on, and (as a handle that is valid on both
 * networks) the handle of their cases, so the dashboard still counts them as one customer.
 */
function tombstoneId(): { loyaltyNumber: string; handles: { x: string; facebook: string } } {
  const id = randomBytes(4).toString('hex');
  return { loyaltyNumber: `ERASED-${id.toUpperCase()}`, handles: { x: `erased_${id}`, facebook: `erased.${id}` } };
}

/**
 * Erases a member (GDPR article 17), in one transaction: the member becomes an anonymous
 * tombstone (a random id in place of the loyalty number, no name, no home airport; the tier
 * stays for the dashboard's tier mix), their linked handles are deleted, and what was
 * written about them is blanked — the subject, handle and post of every case tied to the
 * member or to one of their handles, those cases' notes, their handoffs' transcripts,
 * reasons, outcomes and history notes, and the webhook events and stored replies that
 * carried them. The cases and handoffs themselves stay, so counts and deadlines still add
 * up. Audit entries lose the handle; one entry records the erasure.
 */
export async function eraseMember(db: Database, loyaltyNumber: string, by: AdminActor): Promise<Erasure> {
  const wanted = loyaltyNumber.trim();
  return db.transaction(async (tx) => {
    const [member] = await tx.query<{ id: string }>(
      'SELECT id FROM members WHERE upper(loyalty_number) = upper($1) AND erased_at IS NULL FOR UPDATE',
      [wanted],
    );
    if (!member) throw notFound(`No member has the loyalty number ${wanted}.`, 'member_not_found');
    const identities = await tx.query<{ network: 'x' | 'facebook'; handle: string }>(
      'SELECT network, handle FROM member_identities WHERE member_id = $1',
      [member.id],
    );
    const caseIds = (
      await tx.query<{ id: string }>(
        `SELECT c.id FROM cases c WHERE c.member_id = $1
          OR (c.network, c.handle) IN (SELECT network, handle FROM member_identities WHERE member_id = $1)`,
        [member.id],
      )
    ).map((row) => row.id);
    const tombstone = tombstoneId();
    const counts = await blankCases(tx, member.id, caseIds, tombstone.handles);
    // Replies kept for repeated requests (idempotency) may quote the member, a case or a handoff.
    await tx.query('DELETE FROM idempotency_keys WHERE response LIKE ANY($1::text[])', [[member.id, ...counts.ids].map((id) => `%${id}%`)]);
    await tx.query(
      `UPDATE audit_log SET network = NULL, handle = NULL, hourly_key = NULL
        WHERE handle IS NOT NULL AND (member_id = $1 OR (network, handle) IN (SELECT unnest($2::text[]), unnest($3::text[])))`,
      [member.id, identities.map((i) => i.network), identities.map((i) => i.handle)],
    );
    await tx.query('DELETE FROM member_identities WHERE member_id = $1', [member.id]);
    await tx.query(
      `UPDATE members SET loyalty_number = $2, name = '', home_airport = NULL, preferred_channel = 'email', language = 'en',
              erased_at = now(), updated_at = now()
        WHERE id = $1`,
      [member.id, tombstone.loyaltyNumber],
    );
    const erasure: Erasure = {
      memberId: member.id,
      tombstone: tombstone.loyaltyNumber,
      handles: identities.length,
      cases: counts.cases,
      handoffs: counts.handoffs,
      notes: counts.notes,
    };
    await auditByAdmin(tx, by, 'member.erase', member.id, erasure);
    return erasure;
  });
}

async function blankCases(
  tx: Queryable,
  memberId: string,
  caseIds: string[],
  handles: { x: string; facebook: string },
): Promise<Pick<Erasure, 'cases' | 'handoffs' | 'notes'> & { ids: string[] }> {
  if (caseIds.length === 0) return { cases: 0, handoffs: 0, notes: 0, ids: [] };
  const cases = await tx.query(
    `UPDATE cases SET member_id = $2, subject = $3, handle = CASE WHEN network = 'x' THEN $4 ELSE $5 END, post_url = NULL,
            updated_at = now(), version = version + 1
      WHERE id = ANY($1::uuid[]) RETURNING id`,
    [caseIds, memberId, ERASED_TEXT, handles.x, handles.facebook],
  );
  const notes = await tx.query('UPDATE notes SET text = $2 WHERE case_id = ANY($1::uuid[]) RETURNING id', [caseIds, ERASED_TEXT]);
  const handoffIds = (
    await tx.query<{ id: string }>(
      `UPDATE handoffs SET transcript = ${BLANK_TRANSCRIPT_SQL}, transcript_removed_at = now(), reason = '',
              outcome = CASE WHEN outcome IS NULL THEN NULL ELSE '' END,
              sent_back_reason = CASE WHEN sent_back_reason IS NULL THEN NULL ELSE '' END, updated_at = now(), version = version + 1
        WHERE case_id = ANY($1::uuid[]) RETURNING id`,
      [caseIds],
    )
  ).map((row) => row.id);
  if (handoffIds.length > 0) {
    await tx.query('UPDATE handoff_events SET note = NULL WHERE handoff_id = ANY($1::uuid[])', [handoffIds]);
  }
  // Webhook events carry the whole case or handoff; the ones about these go (with their deliveries).
  await tx.query(`DELETE FROM webhook_events WHERE (payload::jsonb -> 'data' ->> 'id') = ANY($1::text[])`, [[...caseIds, ...handoffIds]]);
  return { cases: cases.length, handoffs: handoffIds.length, notes: notes.length, ids: [...caseIds, ...handoffIds] };
}
