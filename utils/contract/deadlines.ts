/** Per-team deadline settings; the server stores them, every view computes with them. */
export interface DeadlineSettings {
  /** IANA time zone of the team, e.g. `Europe/Stockholm`. */
  timeZone: string;
  /** First response is due this many minutes after a case opens. */
  firstResponseMinutes: number;
  /** Local wall-clock time the team's day ends ("sundown"), `HH:MM`; `24:00` is midnight. */
  dayEndsAt: string;
}

export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = {
  timeZone: 'UTC',
  firstResponseMinutes: 15,
  dayEndsAt: '24:00',
};

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockIn(timeZone: string, instant: Date): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
function offsetAt(timeZone: string, instant: Date): number {
  const wall = wallClockIn(timeZone, instant);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant at which the wall clock in `timeZone` shows the given local time. */
function instantOfWallClock(timeZone: string, wall: Omit<WallClock, 'second'>): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // Two passes settle the offset across a daylight-saving change.
  let guess = naive - offsetAt(timeZone, new Date(naive));
  guess = naive - offsetAt(timeZone, new Date(guess));
  return new Date(guess);
}

/**
 * "Sundown": the end of the team's local day on which the case opened. A case opened
 * after the day's end (when `dayEndsAt` is earlier than midnight) is due at the next
 * day's end.
 */
export function sundownFor(settings: Pick<DeadlineSettings, 'timeZone' | 'dayEndsAt'>, openedAt: Date): Date {
  const local = wallClockIn(settings.timeZone, openedAt);
  const [endHour, endMinute] = settings.dayEndsAt.split(':').map(Number) as [number, number];
  let due = instantOfWallClock(settings.timeZone, {
    year: local.year,
    month: local.month,
    day: local.day,
    hour: endHour,
    minute: endMinute,
  });
  if (due.getTime() <= openedAt.getTime()) {
    due = instantOfWallClock(settings.timeZone, {
      year: local.year,
      month: local.month,
      day: local.day + 1,
      hour: endHour,
      minute: endMinute,
    });
  }
  return due;
}

export function firstResponseDueFor(settings: Pick<DeadlineSettings, 'firstResponseMinutes'>, openedAt: Date): Date {
  return new Date(openedAt.getTime() + settings.firstResponseMinutes * 60_000);
}

export interface CaseDeadlines {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

/** The one function that computes a case's deadlines, on the server and in every view. */
export function deadlinesFor(settings: DeadlineSettings, openedAt: Date): CaseDeadlines {
  return {
    firstResponseDueAt: firstResponseDueFor(settings, openedAt),
    resolutionDueAt: sundownFor(settings, openedAt),
  };
}

export type DeadlineUrgency = 'ok' | 'near' | 'breached';

/** Amber when less than a fifth of the window (at most 30 minutes) is left; red once past. */
export function urgencyOf(dueAt: Date, openedAt: Date, now: Date): DeadlineUrgency {
  const left = dueAt.getTime() - now.getTime();
  if (left <= 0) return 'breached';
  const window = Math.max(dueAt.getTime() - openedAt.getTime(), 1);
  const nearThreshold = Math.min(window / 5, 30 * 60_000);
  return left <= nearThreshold ? 'near' : 'ok';
}
