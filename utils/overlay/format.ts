import type { DeadlineUrgency } from '@/utils/contract';
import { currentDeadlineOf, urgencyNow, type CaseTimes } from '@/utils/deadline-view';
import { t } from '@/utils/i18n';

/** "in 12 min", "3 h 5 min overdue": a countdown an agent reads at a glance. */
export function countdown(dueAt: Date, now: Date): string {
  const minutes = Math.round((dueAt.getTime() - now.getTime()) / 60_000);
  const magnitude = Math.abs(minutes);
  const text = magnitude >= 60 ? t('durationHoursMinutes', String(Math.floor(magnitude / 60)), String(magnitude % 60)) : t('durationMinutes', String(magnitude));
  return minutes >= 0 ? t('dueIn', text) : t('overdueBy', text);
}

/** Local wall-clock time, e.g. "10:42", in the agent's own locale. */
export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export interface DeadlineView {
  label: string;
  dueAt: Date;
  urgency: DeadlineUrgency;
}

/** The deadline that matters now, labelled for the UI. */
export function currentDeadline(openCase: CaseTimes, now: Date): DeadlineView {
  const deadline = currentDeadlineOf(openCase);
  return {
    label: deadline.kind === 'first-response' ? t('deadlineFirstResponse') : t('deadlineSundown'),
    dueAt: deadline.dueAt,
    urgency: urgencyNow(openCase, now),
  };
}
