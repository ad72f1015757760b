import { z } from 'zod';
import { TierIdSchema } from './common';

export const TierSchema = z.object({
  id: TierIdSchema,
  name: z.string().min(1).max(40),
  /** Higher rank is a higher tier. */
  rank: z.number().int().min(0),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** Up to 4 characters shown inside the badge. */
  shortLabel: z.string().min(1).max(4),
});
export type Tier = z.infer<typeof TierSchema>;

/** The default catalogue, lowest to highest. Airlines rename and recolour it on the server. */
export const DEFAULT_TIERS: readonly Tier[] = [
  { id: 'member', name: 'Member', rank: 0, colour: '#6b7280', shortLabel: 'MBR' },
  { id: 'silver', name: 'Silver', rank: 1, colour: '#808b97', shortLabel: 'SLV' },
  { id: 'gold', name: 'Gold', rank: 2, colour: '#b8860b', shortLabel: 'GLD' },
  { id: 'platinum', name: 'Platinum', rank: 3, colour: '#5b6f8a', shortLabel: 'PLT' },
  { id: 'diamond', name: 'Diamond', rank: 4, colour: '#1d6fb8', shortLabel: 'DMD' },
  { id: 'concierge', name: 'Concierge', rank: 5, colour: '#7f4be6', shortLabel: 'CON' },
];
