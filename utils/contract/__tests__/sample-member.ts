import type { Member } from '@/utils/contract/member';

/** A Gold member as the server answers for one, for tests of what the overlay shows. */
export const SAMPLE_GOLD_MEMBER: Member = {
  id: '0b4f3c52-5b7e-4f4e-9a57-5f0b6f7f4a11',
  displayName: 'A Member',
  tierId: 'gold',
  tierSince: '2024-01-01',
  loyaltyNumberMasked: '•••• 1234',
  homeAirport: 'ARN',
  preferredChannel: 'x_dm',
  language: 'sv',
};
