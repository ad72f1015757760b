import type { Handoff } from '@/utils/contract';
import { useI18n } from '../i18n';
import { countdown, dateTime, handoffDeadline } from '../format';

type Times = Pick<Handoff, 'createdAt' | 'firstResponseDueAt' | 'dueAt' | 'acceptedAt'>;

/** Green, amber or red: the deadline that matters now and how long is left. */
export function DeadlineChip({ handoff, now }: { handoff: Times; now: Date }) {
  const { t, language } = useI18n();
  const deadline = handoffDeadline(handoff, now);
  const label = deadline.kind === 'first-response' ? t('deadlineFirstResponse') : t('deadlineResolution');
  return (
    <span className={`chip chip-${deadline.urgency}`} data-urgency={deadline.urgency} title={dateTime(deadline.dueAt.toISOString(), language)}>
      {label} · {countdown(deadline.dueAt, now, t)}
    </span>
  );
}
