import { z } from 'zod';
import { IdSchema, PreferredChannelSchema, TierIdSchema } from './common';

/** Only the last four digits ever leave the server. */
export const MaskedLoyaltyNumberSchema = z.string().regex(/^•{4} \d{4}$/);

export function maskLoyaltyNumber(loyaltyNumber: string): string {
  const digits = loyaltyNumber.replace(/\D/g, '');
  return `•••• ${digits.slice(-4).padStart(4, '0')}`;
}

export const MemberSchema = z.object({
  id: IdSchema,
  displayName: z.string().max(200),
  tierId: TierIdSchema,
  tierSince: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  loyaltyNumberMasked: MaskedLoyaltyNumberSchema,
  homeAirport: z.string().regex(/^[A-Z]{3}$/).nullable(),
  preferredChannel: PreferredChannelSchema,
  language: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/),
});
export type Member = z.infer<typeof MemberSchema>;
