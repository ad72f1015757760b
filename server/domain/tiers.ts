import type { Tier } from '../../utils/contract';
import type { Queryable } from '../db/database';

export async function listTiers(db: Queryable): Promise<Tier[]> {
  const rows = await db.query<{ id: string; name: string; rank: number; colour: string; short_label: string }>(
    'SELECT id, name, rank, colour, short_label FROM tiers ORDER BY rank',
  );
  return rows.map((row) => ({ id: row.id, name: row.name, rank: row.rank, colour: row.colour, shortLabel: row.short_label }));
}
