import { maskLoyaltyNumber, normalizeHandle, type MemberListing } from '../../../utils/contract';
import type { Queryable } from '../../db/database';
import { auditByAdmin, type AdminActor } from '../audit';

const MOST = 20;

/**
 * The members an admin looks for: the one with this loyalty number, or the ones holding this
 * handle on either network (exact, case-insensitive; a leading @ is ignored). Erased members
 * are not found. Each member shown is audited as read.
 */
export async function searchMembers(db: Queryable, query: string, by: AdminActor): Promise<MemberListing[]> {
  const wanted = query.trim();
  const rows = await db.query<{ id: string; loyalty_number: string; name: string; tier_id: string; home_airport: string | null; handles: MemberListing['handles'] | string }>(
    `SELECT m.id, m.loyalty_number, m.name, m.tier_id, m.home_airport,
            coalesce((SELECT json_agg(json_build_object('network', i.network, 'handle', i.handle) ORDER BY i.network, i.handle)
                        FROM member_identities i WHERE i.member_id = m.id), '[]'::json) AS handles
       FROM members m
      WHERE m.erased_at IS NULL
        AND (upper(m.loyalty_number) = upper($1) OR m.id IN (SELECT member_id FROM member_identities WHERE handle = $2))
      ORDER BY m.loyalty_number
      LIMIT ${MOST}`,
    [wanted, normalizeHandle(wanted)],
  );
  for (const row of rows) await auditByAdmin(db, by, 'member.admin.read', row.id, { query: 'search' });
  return rows.map((row) => ({
    id: row.id,
    loyaltyNumber: row.loyalty_number,
    loyaltyNumberMasked: maskLoyaltyNumber(row.loyalty_number),
    name: row.name,
    tierId: row.tier_id,
    homeAirport: row.home_airport,
    handles: typeof row.handles === 'string' ? (JSON.parse(row.handles) as MemberListing['handles']) : row.handles,
  }));
}
