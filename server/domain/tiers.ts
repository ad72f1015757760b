import { hasControlChars, type Tier, type TiersChange } from '../../utils/contract';
import type { Queryable } from '../db/database';
import { invalid } from './errors';

export async function listTiers(db: Queryable): Promise<Tier[]> {
  const rows = await db.query<{ id: string; name: string; rank: number; colour: string; short_label: string }>(
    'SELECT id, name, rank, colour, short_label FROM tiers ORDER BY rank',
  );
  return rows.map((row) => ({ id: row.id, name: row.name, rank: row.rank, colour: row.colour, shortLabel: row.short_label }));
}

/**
 * Renames, recolours and reorders the catalogue in one go: `tiers` lists every tier once,
 * lowest first, and each takes its place as its rank. The extension and the Console read
 * the catalogue from `/v1/me`, so this is the one place tiers are set. Returns the
 * catalogue before and after, for the audit.
 */
export async function changeTiers(db: Queryable, change: TiersChange): Promise<{ before: Tier[]; after: Tier[] }> {
  const before = await listTiers(db);
  const given = change.tiers.map((tier) => tier.id);
  const known = new Set(before.map((tier) => tier.id));
  if (new Set(given).size !== given.length || given.length !== known.size || !given.every((id) => known.has(id))) {
    throw invalid(`List every tier once: ${[...known].join(', ')}.`);
  }
  const names = change.tiers.map((tier) => tier.name.trim().toLowerCase());
  if (new Set(names).size !== names.length) throw invalid('Two tiers cannot have the same name.');
  if (change.tiers.some((tier) => !tier.name.trim() || !tier.shortLabel.trim() || hasControlChars(tier.name) || hasControlChars(tier.shortLabel))) {
    throw invalid('Every tier needs a name and a badge label, without control characters.');
  }
  // Ranks are unique: move every tier out of the way first, then into its place.
  await db.query('UPDATE tiers SET rank = -1 - rank');
  await db.query(
    `UPDATE tiers SET name = s.name, short_label = s.short_label, colour = lower(s.colour), rank = s.rank
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS s(id, name, short_label, colour, rank)
      WHERE tiers.id = s.id`,
    [
      given,
      change.tiers.map((tier) => tier.name.trim()),
      change.tiers.map((tier) => tier.shortLabel.trim()),
      change.tiers.map((tier) => tier.colour),
      change.tiers.map((_, rank) => rank),
    ],
  );
  return { before, after: await listTiers(db) };
}
