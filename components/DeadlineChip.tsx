import { countdown, currentDeadline } from '@/utils/overlay/format';

export interface DeadlineChipProps {
  openCase: { openedAt: string; firstResponseDueAt: string; resolutionDueAt: string; firstRespondedAt?: string | null };
  now: Date;
}

/** Green, amber or red chip for the deadline that matters now, with its countdown. */
export function DeadlineChip({ openCase, now }: DeadlineChipProps) {
  const deadline = currentDeadline(openCase, now);
  return (
    <span className={`jw-chip jw-chip-${deadline.urgency}`} data-urgency={deadline.urgency} title={deadline.dueAt.toLocaleString()}>
      {deadline.label} · {countdown(deadline.dueAt, now)}
    </span>
  );
}
