import type { Queryable } from '../db/database';
import { BLANK_TRANSCRIPT_SQL } from './members/erase';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Removes the words of every transcript handed off more than `days` days before `now`
 * (JETWAY_TRANSCRIPT_RETENTION_DAYS): the handoff stays with its status, times and the
 * number of messages, for the dashboard and the history. Returns how many were cleared.
 */
export async function removeOldTranscripts(db: Queryable, days: number, now: Date): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `UPDATE handoffs SET transcript = ${BLANK_TRANSCRIPT_SQL}, transcript_removed_at = $2
      WHERE created_at < $1 AND transcript_removed_at IS NULL
      RETURNING id`,
    [new Date(now.getTime() - days * DAY_MS), now],
  );
  return rows.length;
}
