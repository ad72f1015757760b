import { urgencyOf, type DeadlineUrgency } from '@/utils/contract/deadlines';

export interface CaseTimes {
  openedAt: string;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  firstRespondedAt?: string | null;
}

export type DeadlineKind = 'first-response' | 'sundown';

/** The deadline that matters now: first response until it is sent, then sundown. */
export function currentDeadlineOf(times: Omit<CaseTimes, 'openedAt'>): { kind: DeadlineKind; dueAt: Date } {
  const firstDue = new Date(times.firstResponseDueAt);
  const sundown = new Date(times.resolutionDueAt);
  if (!times.firstRespondedAt && firstDue.getTime() < sundown.getTime()) return { kind: 'first-response', dueAt: firstDue };
  return { kind: 'sundown', dueAt: sundown };
}

export function urgencyNow(times: CaseTimes, now: Date): DeadlineUrgency {
  return urgencyOf(currentDeadlineOf(times).dueAt, new Date(times.openedAt), now);
}
