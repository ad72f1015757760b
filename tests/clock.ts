/**
 * For server and e2e tests that count what happens "today", or against a team's sundown,
 * with the real clock: the day must not turn between what such a test writes and what it
 * reads back. Shared by both suites.
 */
import { sundownFor } from '../utils/contract/deadlines';

/** How far past a time of day a wait for it ends. */
const PAST_MS = 5_000;

/**
 * How long to wait so that none of `times` ("HH:MM", "24:00" for midnight) on the wall clock
 * of `timeZone` comes within `withinMs` from now: 0 when none is that close, else until just
 * past the last one that is. The next time the wall clock shows each of them is the one a
 * team whose day ends then would call sundown.
 */
export function waitClearOf(timeZone: string, times: readonly string[], withinMs: number, now = Date.now()): number {
  let wait = 0;
  for (const dayEndsAt of times) {
    const ahead = sundownFor({ timeZone, dayEndsAt }, new Date(now)).getTime() - now;
    if (ahead <= withinMs) wait = Math.max(wait, ahead + PAST_MS);
  }
  return wait;
}

/** Waits, when needed, until the clock is clear of `times` (see `waitClearOf`). At most `withinMs` and 5 s. */
export async function clearOfTimesOfDay(timeZone: string, times: readonly string[], withinMs: number): Promise<void> {
  const wait = waitClearOf(timeZone, times, withinMs);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
