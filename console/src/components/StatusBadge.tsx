import type { HandoffStatus } from '@/utils/contract';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';

export const STATUS_LABEL: Record<HandoffStatus, MessageKey> = {
  sent: 'statusSent',
  accepted: 'statusAccepted',
  resolved: 'statusResolved',
  sent_back: 'statusSentBack',
  cancelled: 'statusCancelled',
};

export function StatusBadge({ status }: { status: HandoffStatus }) {
  const { t } = useI18n();
  return <span className={`status status-${status}`}>{t(STATUS_LABEL[status])}</span>;
}
