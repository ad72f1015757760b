import type { HandoffStatus } from '@/utils/contract';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';

/** One handoff's status (the filters use the plural forms). */
const STATUS_LABEL: Record<HandoffStatus, MessageKey> = {
  sent: 'badgeSent',
  accepted: 'badgeAccepted',
  resolved: 'badgeResolved',
  sent_back: 'badgeSentBack',
  cancelled: 'badgeCancelled',
};

export function StatusBadge({ status }: { status: HandoffStatus }) {
  const { t } = useI18n();
  return <span className={`status status-${status}`}>{t(STATUS_LABEL[status])}</span>;
}
