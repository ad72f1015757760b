/** Members the e2e suite imports: pseudonymous handles of the sanitized X and Facebook pages. */
export const E2E_MEMBERS = [
  { loyaltyNumber: 'SK900000001', name: 'Gold Person', tier: 'gold', xHandle: 'u_d95bf3e3ae', facebookId: 'fb.user.551c8538' },
  { loyaltyNumber: 'SK900000002', name: 'Diamond Person', tier: 'diamond', xHandle: 'u_1f01dbe592', facebookId: '' },
  { loyaltyNumber: 'SK900000003', name: 'Platinum Quoted', tier: 'platinum', xHandle: 'u_16f6cd2c6e', facebookId: '' },
  { loyaltyNumber: 'SK900000004', name: 'Plain Member', tier: 'member', xHandle: 'u_61d40d3e45', facebookId: '' },
  { loyaltyNumber: 'SK900000005', name: 'Later Arrival', tier: 'concierge', xHandle: 'late_member', facebookId: '' },
  { loyaltyNumber: 'SK900000006', name: 'Hostile Name', tier: 'silver', xHandle: 'hostile_one', facebookId: '' },
  { loyaltyNumber: 'SK900000007', name: 'Back Again', tier: 'gold', xHandle: 'back_again', facebookId: '' },
  { loyaltyNumber: 'SK900000008', name: 'Numeric Member', tier: 'platinum', xHandle: '', facebookId: '100000000000101' },
  { loyaltyNumber: 'SK900000009', name: 'Vanity Member', tier: 'diamond', xHandle: '', facebookId: 'anna.lindqvist.9' },
  { loyaltyNumber: 'SK900000010', name: 'Visitor Member', tier: 'silver', xHandle: '', facebookId: '100000000000202' },
  { loyaltyNumber: 'SK900000011', name: 'Late Replier', tier: 'concierge', xHandle: '', facebookId: 'late.replier.5' },
  { loyaltyNumber: 'SK900000012', name: 'Inbox Customer', tier: 'gold', xHandle: '', facebookId: '100000000000606' },
];

export function membersCsv(): string {
  return [
    'loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language',
    ...E2E_MEMBERS.map((m) => `${m.loyaltyNumber},${m.name},${m.tier},${m.xHandle},${m.facebookId},ARN,x_dm,sv`),
  ].join('\n');
}

export const TIER_NAMES: Record<string, string> = {
  member: 'Member',
  silver: 'Silver',
  gold: 'Gold',
  platinum: 'Platinum',
  diamond: 'Diamond',
  concierge: 'Concierge',
};
