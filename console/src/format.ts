import { useEffect, useState } from 'react';
import type { Handoff, Identity } from '@/utils/contract';
import { currentDeadlineOf, urgencyNow, type DeadlineKind } from '@/utils/deadline-view';
import type { DeadlineUrgency } from '@/utils/contract';
import type { I18n, Language } from './i18n';

/** The current time, renewed every `everyMs` so countdowns tick without a refetch. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "12 min", "3 h 5 min", "2 d 4 h". */
export function duration(ms: number, t: I18n['t']): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return t('durationMinutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('durationHours', { hours, minutes: minutes % 60 });
  return t('durationDays', { days: Math.floor(hours / 24), hours: hours % 24 });
}

/** "in 12 min" or "3 h 5 min overdue". */
export function countdown(dueAt: Date, now: Date, t: I18n['t']): string {
  const left = dueAt.getTime() - now.getTime();
  const text = duration(left, t);
  return left >= 0 ? t('dueIn', { duration: text }) : t('overdueBy', { duration: text });
}

/** "6 Dec 2026, 14:05" as the language writes it: the month in words, never a date that reads two ways. */
export function dateTime(iso: string, language: Language, { seconds = false }: { seconds?: boolean } = {}): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' }).format(new Date(iso));
}

/** A count as the language writes it: "20,000" in English, "20 000" in Swedish. */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language).format(value);
}

export function clock(date: Date, language: Language): string {
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}

export function calendarDate(isoDate: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

export function languageName(tag: string, language: Language): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

export interface HandoffDeadline {
  kind: DeadlineKind;
  dueAt: Date;
  urgency: DeadlineUrgency;
}

type HandoffTimes = Pick<Handoff, 'createdAt' | 'firstResponseDueAt' | 'dueAt' | 'acceptedAt'>;

/**
 * The deadline that matters now, by the same rule as the extension: first response until
 * the receiving team accepts (its first response), then the team's sundown.
 */
export function handoffDeadline(handoff: HandoffTimes, now: Date): HandoffDeadline {
  const times = {
    openedAt: handoff.createdAt,
    firstResponseDueAt: handoff.firstResponseDueAt,
    resolutionDueAt: handoff.dueAt,
    firstRespondedAt: handoff.acceptedAt,
  };
  const { kind, dueAt } = currentDeadlineOf(times);
  return { kind, dueAt, urgency: urgencyNow(times, now) };
}

/** A handoff still waits on the receiving team while it is sent or accepted. */
export function isOpen(status: Handoff['status']): boolean {
  return status === 'sent' || status === 'accepted';
}

/** "@handle" on X; the id or vanity name on Facebook. */
export function customerHandle(identity: Identity): string {
  return identity.network === 'x' ? `@${identity.handle}` : identity.handle;
}
