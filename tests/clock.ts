/**
 * For server and e2e tests that count what happens "today", or against a team's sundown,
 * with the real clock: the day must not turn between what such a test writes and what it
 * reads back. Shared by both suites.
 */

const DAY_MS = 86_400_000;
/** How far past a time of day a wait for it ends. */
const PAST_MS = 5_000;

/** Milliseconds since midnight on the wall clock of `timeZone`. */
function wallClockMs(timeZone: string, now: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((each) => each.type === type)?.value ?? 0);
  return (part('hour') * 3_600 + part('minute') * 60 + part('second')) * 1_000 + (now % 1_000);
}

/**
 * How long to wait so that none of `times` ("HH:MM", "24:00" for midnight) on the wall clock
 * of `timeZone` comes within `withinMs` from now: 0 when none is that close, else until just
 * past the last one that is.
 */
export function waitClearOf(timeZone: string, times: readonly string[], withinMs: number, now = Date.now()): number {
  const wall = wallClockMs(timeZone, now);
  let wait = 0;
  for (const time of times) {
    const [hours, minutes] = time.split(':').map(Number) as [number, number];
    const ahead = (hours * 3_600_000 + minutes * 60_000 - wall + DAY_MS) % DAY_MS;
    if (ahead <= withinMs) wait = Math.max(wait, ahead + PAST_MS);
  }
  return wait;
}

/** Waits, when needed, until the clock is clear of `times` (see `waitClearOf`). At most `withinMs` and 5 s. */
export async function clearOfTimesOfDay(timeZone: string, times: readonly string[], withinMs: number): Promise<void> {
  const wait = waitClearOf(timeZone, times, withinMs);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
