import type { Handoff } from '@/utils/contract';
import { t } from '@/utils/i18n';
import { clockTime } from '@/utils/overlay/format';

/**
 * A handoff's status in words, as the sender reads it: "Sent to Baggage", "Accepted by
 * Baggage · 14:02 · Bo", "Resolved · outcome", "Sent back · reason". One wording for the
 * popup's "Handed off" list and the member card.
 */
export function handoffStatusInWords(handoff: Pick<Handoff, 'status' | 'toTeam' | 'acceptedBy' | 'acceptedAt' | 'outcome' | 'sentBackReason' | 'history'>): string {
  switch (handoff.status) {
    case 'sent': {
      const reassigned = [...handoff.history].reverse().find((event) => event.action === 'reassigned');
      return reassigned ? t('handoffReassignedTo', handoff.toTeam.name) : t('handoffSentTo', handoff.toTeam.name);
    }
    case 'accepted':
      return t('handoffAcceptedBy', handoff.toTeam.name, handoff.acceptedAt ? clockTime(handoff.acceptedAt) : '', handoff.acceptedBy?.name ?? '');
    case 'resolved':
      return handoff.outcome ? t('handoffResolvedWith', handoff.outcome) : t('handoffResolved');
    case 'sent_back':
      return handoff.sentBackReason ? t('handoffSentBackWith', handoff.sentBackReason) : t('handoffSentBack');
    case 'cancelled':
      return t('handoffCancelled');
  }
}
